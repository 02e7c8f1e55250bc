"""Documents: one model (sections of blocks with already-formatted strings) and its layouts.

A builder turns a priced quote into a `Document`; `html.py`/`pdf.py` and `docx.py` are layouts over
that one model, so the DOCX and the PDF always say the same words.
"""
