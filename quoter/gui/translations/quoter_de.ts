<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>Banner</name>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Dismiss the message</source>
        <translation>Meldung schließen</translation>
    </message>
    <message>
        <source>Internal error ({kind}: {error}). This is a bug in quoter; please report it.</source>
        <translation>Interner Fehler ({kind}: {error}). Das ist ein Fehler in quoter; bitte melden Sie ihn.</translation>
    </message>
</context>
<context>
    <name>CatalogueModel</name>
    <message>
        <source>from {price}</source>
        <translation>ab {price}</translation>
    </message>
    <message>
        <source>{tier}: {price}</source>
        <translation>{tier}: {price}</translation>
    </message>
    <message>
        <source>{unit_price} / {unit}</source>
        <translation>{unit_price} / {unit}</translation>
    </message>
    <message>
        <source>{base} + {unit_price} / {unit}</source>
        <translation>{base} + {unit_price} / {unit}</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
</context>
<context>
    <name>CataloguePanel</name>
    <message>
        <source>Search services (code, name, category)</source>
        <translation>Leistungen suchen (Code, Name, Kategorie)</translation>
    </message>
    <message>
        <source>Search services</source>
        <translation>Leistungen suchen</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suche</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Leistungen</translation>
    </message>
    <message>
        <source>Services shown</source>
        <translation>Angezeigte Leistungen</translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %Ln services</source>
        <translation>
            <numerusform>{shown} von %Ln Leistung</numerusform>
            <numerusform>{shown} von %Ln Leistungen</numerusform>
        </translation>
    </message>
    <message>
        <source>1 service</source>
        <translation>1 Leistung</translation>
    </message>
    <message numerus="yes">
        <source>%Ln services</source>
        <translation>
            <numerusform>%Ln Leistung</numerusform>
            <numerusform>%Ln Leistungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>&amp;Customer:</source>
        <translation>&amp;Kunde:</translation>
    </message>
    <message>
        <source>Customer&apos;s legal name</source>
        <translation>Firmenname des Kunden</translation>
    </message>
    <message>
        <source>A&amp;ddress:</source>
        <translation>A&amp;nschrift:</translation>
    </message>
    <message>
        <source>Customer&apos;s address, one line each</source>
        <translation>Anschrift des Kunden, eine Zeile je Angabe</translation>
    </message>
    <message>
        <source>Ta&amp;x id:</source>
        <translation>S&amp;teuer-Nr.:</translation>
    </message>
    <message>
        <source>Customer&apos;s tax or VAT id</source>
        <translation>Steuernummer oder USt-IdNr. des Kunden</translation>
    </message>
    <message>
        <source>Si&amp;gnatory:</source>
        <translation>&amp;Unterzeichner:</translation>
    </message>
    <message>
        <source>Signatory&apos;s full name</source>
        <translation>Vollständiger Name des Unterzeichners</translation>
    </message>
    <message>
        <source>Signatory&apos;s &amp;title:</source>
        <translation>Funkt&amp;ion des Unterzeichners:</translation>
    </message>
    <message>
        <source>Signatory&apos;s job title</source>
        <translation>Funktion des Unterzeichners</translation>
    </message>
    <message>
        <source>Type a name: customers in the register are offered</source>
        <translation>Namen eingeben: Kunden aus dem Register werden vorgeschlagen</translation>
    </message>
</context>
<context>
    <name>DraftView</name>
    <message>
        <source>Quote lines</source>
        <translation>Angebotspositionen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove the line</source>
        <translation>Position entfernen</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplizieren</translation>
    </message>
    <message>
        <source>Duplicate the line</source>
        <translation>Position duplizieren</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>Move the line up</source>
        <translation>Position nach oben verschieben</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <source>Move the line down</source>
        <translation>Position nach unten verschieben</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Ändern</translation>
    </message>
    <message>
        <source>Change the line in its form</source>
        <translation>Position im Formular ändern</translation>
    </message>
    <message>
        <source>+1</source>
        <translation>+1</translation>
    </message>
    <message>
        <source>One more unit (day, course...)</source>
        <translation>Eine Einheit mehr (Tag, Kurs …)</translation>
    </message>
    <message>
        <source>-1</source>
        <translation>-1</translation>
    </message>
    <message>
        <source>One unit less</source>
        <translation>Eine Einheit weniger</translation>
    </message>
    <message>
        <source>One more unit</source>
        <translation>Eine Einheit mehr</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Zwischensumme</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamtbetrag</translation>
    </message>
    <message>
        <source>Totals note</source>
        <translation>Hinweis zu den Summen</translation>
    </message>
    <message>
        <source>{label} ({percent} %)</source>
        <translation>{label} ({percent} %)</translation>
    </message>
    <message>
        <source>Add a service from the list</source>
        <translation>Fügen Sie eine Leistung aus der Liste hinzu</translation>
    </message>
    <message numerus="yes">
        <source>Totals of the lines that price; %n line(s) need attention</source>
        <translation>
            <numerusform>Summen der Positionen mit Preis; %n Position muss noch korrigiert werden</numerusform>
            <numerusform>Summen der Positionen mit Preis; %n Positionen müssen noch korrigiert werden</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LinesModel</name>
    <message>
        <source>No.</source>
        <translation>Pos.</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Umfang</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Not priced</source>
        <translation>Ohne Preis</translation>
    </message>
    <message>
        <source>Price book: {book}</source>
        <translation>Preisbuch: {book}</translation>
    </message>
    <message>
        <source>{base} + {units} × {unit_price} ({unit}) = {total}</source>
        <translation>{base} + {units} × {unit_price} ({unit}) = {total}</translation>
    </message>
    <message>
        <source>{quantity} × {unit_price} ({unit}) = {total}</source>
        <translation>{quantity} × {unit_price} ({unit}) = {total}</translation>
    </message>
    <message>
        <source>Tiered price for {parameters}: {total}</source>
        <translation>Staffelpreis für {parameters}: {total}</translation>
    </message>
    <message>
        <source>Fixed price: {total}</source>
        <translation>Festpreis: {total}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>quoter</source>
        <translation>quoter</translation>
    </message>
    <message>
        <source>Price book</source>
        <translation>Preisbuch</translation>
    </message>
    <message>
        <source>&amp;Price book:</source>
        <translation>&amp;Preisbuch:</translation>
    </message>
    <message>
        <source>Quote status</source>
        <translation>Status des Angebots</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <source>&amp;Quote</source>
        <translation>An&amp;gebot</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>&amp;Register</translation>
    </message>
    <message>
        <source>Reading the price books...</source>
        <translation>Preisbücher werden gelesen …</translation>
    </message>
    <message>
        <source>&amp;New quote</source>
        <translation>&amp;Neues Angebot</translation>
    </message>
    <message>
        <source>&amp;Save draft</source>
        <translation>Entwurf &amp;speichern</translation>
    </message>
    <message>
        <source>Export &amp;PDF...</source>
        <translation>Als &amp;PDF exportieren …</translation>
    </message>
    <message>
        <source>Write the contract as PDF</source>
        <translation>Den Vertrag als PDF speichern</translation>
    </message>
    <message>
        <source>Export &amp;DOCX...</source>
        <translation>Als &amp;DOCX exportieren …</translation>
    </message>
    <message>
        <source>Write the contract as DOCX, for Word</source>
        <translation>Den Vertrag als DOCX speichern, für Word</translation>
    </message>
    <message>
        <source>&amp;Issue...</source>
        <translation>&amp;Ausstellen …</translation>
    </message>
    <message>
        <source>Number, freeze and store the offer with its contract</source>
        <translation>Angebot nummerieren, festschreiben und mit seinem Vertrag ablegen</translation>
    </message>
    <message>
        <source>Re&amp;vise</source>
        <translation>&amp;Überarbeiten</translation>
    </message>
    <message>
        <source>A new revision of this offer to edit</source>
        <translation>Eine neue Fassung dieses Angebots zum Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Print...</source>
        <translation>Dr&amp;ucken …</translation>
    </message>
    <message>
        <source>Print the contract shown in the preview</source>
        <translation>Den Vertrag aus der Vorschau drucken</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Find a service</source>
        <translation>Leistung &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;Refresh preview</source>
        <translation>&amp;Vorschau aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>The new language shows the next time quoter starts.</source>
        <translation>Die neue Sprache erscheint beim nächsten Start von quoter.</translation>
    </message>
    <message>
        <source>No price book is in force today.</source>
        <translation>Heute gilt kein Preisbuch.</translation>
    </message>
    <message>
        <source>quoter did not close normally last time. {number} is open again as it was last saved ({saved}).</source>
        <translation>quoter wurde beim letzten Mal nicht normal beendet. {number} ist wieder geöffnet, wie zuletzt gespeichert ({saved}).</translation>
    </message>
    <message>
        <source>The price books could not be read.</source>
        <translation>Die Preisbücher konnten nicht gelesen werden.</translation>
    </message>
    <message>
        <source>{id} {version}, {digest}</source>
        <translation>{id} {version}, {digest}</translation>
    </message>
    <message>
        <source>A new, empty quote register was made: {file}</source>
        <translation>Ein neues, leeres Angebotsregister wurde angelegt: {file}</translation>
    </message>
    <message>
        <source>{number}: issued, read-only</source>
        <translation>{number}: ausgestellt, schreibgeschützt</translation>
    </message>
    <message>
        <source>New quote, not saved yet</source>
        <translation>Neues Angebot, noch nicht gespeichert</translation>
    </message>
    <message>
        <source>Draft {number}: saving...</source>
        <translation>Entwurf {number}: wird gespeichert …</translation>
    </message>
    <message>
        <source>Draft {number}: saved</source>
        <translation>Entwurf {number}: gespeichert</translation>
    </message>
    <message>
        <source>Saved {number}.</source>
        <translation>{number} gespeichert.</translation>
    </message>
    <message>
        <source>{problem}

Reload shows their version (your last change is dropped); Cancel keeps your version as a new draft.</source>
        <translation>{problem}

Neu laden zeigt die andere Fassung (Ihre letzte Änderung entfällt); Abbrechen behält Ihre Fassung als neuen Entwurf.</translation>
    </message>
    <message>
        <source>Quote changed elsewhere</source>
        <translation>Angebot wurde anderswo geändert</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>Your version is saved as a new draft.</source>
        <translation>Ihre Fassung ist als neuer Entwurf gespeichert.</translation>
    </message>
    <message>
        <source>Every line must price before the quote can be issued.</source>
        <translation>Jede Position braucht einen Preis, bevor das Angebot ausgestellt werden kann.</translation>
    </message>
    <message>
        <source>Enter the customer (name, address, signatory) before issuing.</source>
        <translation>Geben Sie vor dem Ausstellen den Kunden ein (Name, Anschrift, Unterzeichner).</translation>
    </message>
    <message>
        <source>The customer&apos;s details need attention before issuing:
{problems}</source>
        <translation>Die Angaben zum Kunden müssen vor dem Ausstellen ergänzt werden:
{problems}</translation>
    </message>
    <message>
        <source>Issue {number} to {customer} for {total}?

Issuing freezes the quote and stores its contract (PDF and DOCX). After that it can only be revised.</source>
        <translation>{number} an {customer} über {total} ausstellen?

Das Ausstellen schreibt das Angebot fest und legt seinen Vertrag ab (PDF und DOCX). Danach kann es nur noch überarbeitet werden.</translation>
    </message>
    <message>
        <source>Issue quote</source>
        <translation>Angebot ausstellen</translation>
    </message>
    <message>
        <source>&amp;Issue</source>
        <translation>&amp;Ausstellen</translation>
    </message>
    <message>
        <source>Issuing {number}...</source>
        <translation>{number} wird ausgestellt …</translation>
    </message>
    <message>
        <source>Issued {number}, valid until {until}.</source>
        <translation>{number} ausgestellt, gültig bis {until}.</translation>
    </message>
    <message>
        <source>{number} revises {original}.</source>
        <translation>{number} überarbeitet {original}.</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>Export {kind}</source>
        <translation>Als {kind} exportieren</translation>
    </message>
    <message>
        <source>Wrote {path}</source>
        <translation>{path} gespeichert</translation>
    </message>
    <message>
        <source>There is no contract to print yet.</source>
        <translation>Es gibt noch keinen Vertrag zum Drucken.</translation>
    </message>
    <message>
        <source>The printer could not be opened.</source>
        <translation>Der Drucker konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Sent the contract to the printer.</source>
        <translation>Der Vertrag wurde an den Drucker gesendet.</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>Contract preview</source>
        <translation>Vertragsvorschau</translation>
    </message>
    <message>
        <source>The contract as Export writes it, marked as a draft</source>
        <translation>Der Vertrag, wie der Export ihn schreibt, als Entwurf gekennzeichnet</translation>
    </message>
    <message>
        <source>Preview message</source>
        <translation>Hinweis zur Vorschau</translation>
    </message>
    <message>
        <source>Why there is no contract to show</source>
        <translation>Warum kein Vertrag angezeigt wird</translation>
    </message>
    <message>
        <source>Auto-refresh</source>
        <translation>Automatisch aktualisieren</translation>
    </message>
    <message>
        <source>Auto-refresh the preview</source>
        <translation>Vorschau automatisch aktualisieren</translation>
    </message>
    <message>
        <source>Render the preview again after each change; when off, F5 renders it</source>
        <translation>Die Vorschau nach jeder Änderung neu erstellen; wenn aus, erstellt F5 sie</translation>
    </message>
    <message>
        <source>&amp;Refresh preview</source>
        <translation>&amp;Vorschau aktualisieren</translation>
    </message>
    <message>
        <source>Render the preview now (F5)</source>
        <translation>Vorschau jetzt erstellen (F5)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Refresh the preview</source>
        <translation>Vorschau aktualisieren</translation>
    </message>
    <message>
        <source>Updating…</source>
        <translation>Wird aktualisiert …</translation>
    </message>
    <message>
        <source>Preview status</source>
        <translation>Status der Vorschau</translation>
    </message>
    <message>
        <source>The preview shown is not yet the newest draft</source>
        <translation>Die angezeigte Vorschau ist noch nicht der neueste Entwurf</translation>
    </message>
    <message>
        <source>Nothing to preview: add a service to the quote.</source>
        <translation>Keine Vorschau: Fügen Sie dem Angebot eine Leistung hinzu.</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>Vorschau wird vorbereitet …</translation>
    </message>
    <message>
        <source>Nothing to preview yet: the contract appears once every line of the quote prices.</source>
        <translation>Noch keine Vorschau: Der Vertrag erscheint, sobald jede Position des Angebots einen Preis hat.</translation>
    </message>
    <message>
        <source>Nothing to preview until every line prices: {reason}</source>
        <translation>Keine Vorschau, solange nicht jede Position einen Preis hat: {reason}</translation>
    </message>
    <message>
        <source>The preview took longer than {seconds} s and was abandoned; the preview process was restarted.</source>
        <translation>Die Vorschau dauerte länger als {seconds} s und wurde abgebrochen; der Vorschauprozess wurde neu gestartet.</translation>
    </message>
    <message>
        <source>No preview: the contract could not be rendered.</source>
        <translation>Keine Vorschau: Der Vertrag konnte nicht erstellt werden.</translation>
    </message>
    <message>
        <source>The preview could not be shown: the PDF did not load.</source>
        <translation>Die Vorschau kann nicht angezeigt werden: Das PDF ließ sich nicht laden.</translation>
    </message>
    <message>
        <source>Out of date</source>
        <translation>Veraltet</translation>
    </message>
    <message>
        <source>The preview shown is an earlier draft: F5 renders</source>
        <translation>Die angezeigte Vorschau zeigt einen früheren Entwurf: F5 erstellt sie neu</translation>
    </message>
</context>
<context>
    <name>QuoteBuilder</name>
    <message>
        <source>Change customer</source>
        <translation>Kunde ändern</translation>
    </message>
    <message>
        <source>Choose a price book first.</source>
        <translation>Wählen Sie zuerst ein Preisbuch.</translation>
    </message>
    <message>
        <source>Change line {number}: {name}</source>
        <translation>Position {number} ändern: {name}</translation>
    </message>
    <message>
        <source>Ch&amp;ange line</source>
        <translation>Positi&amp;on ändern</translation>
    </message>
    <message>
        <source>Change line</source>
        <translation>Position ändern</translation>
    </message>
    <message>
        <source>Change {code}</source>
        <translation>{code} ändern</translation>
    </message>
    <message>
        <source>Add {code}</source>
        <translation>{code} hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Add line</source>
        <translation>Position hin&amp;zufügen</translation>
    </message>
    <message>
        <source>Add line</source>
        <translation>Position hinzufügen</translation>
    </message>
    <message>
        <source>Add one to {code}</source>
        <translation>{code}: eine Einheit mehr</translation>
    </message>
    <message>
        <source>Take one from {code}</source>
        <translation>{code}: eine Einheit weniger</translation>
    </message>
    <message>
        <source>Remove {code}</source>
        <translation>{code} entfernen</translation>
    </message>
    <message>
        <source>Duplicate {code}</source>
        <translation>{code} duplizieren</translation>
    </message>
    <message>
        <source>Move {code}</source>
        <translation>{code} verschieben</translation>
    </message>
</context>
<context>
    <name>QuotesModel</name>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>Preisbuch</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamtbetrag</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Ausgestellt</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>Ersetzt</translation>
    </message>
</context>
<context>
    <name>RegisterGroup</name>
    <message>
        <source>Quote register</source>
        <translation>Angebotsregister</translation>
    </message>
    <message>
        <source>On this &amp;computer (SQLite)</source>
        <translation>Auf diesem &amp;Computer (SQLite)</translation>
    </message>
    <message>
        <source>Register on this computer (SQLite)</source>
        <translation>Register auf diesem Computer (SQLite)</translation>
    </message>
    <message>
        <source>The register&apos;s file</source>
        <translation>Die Datei des Registers</translation>
    </message>
    <message>
        <source>&amp;Team server (PostgreSQL)</source>
        <translation>&amp;Teamserver (PostgreSQL)</translation>
    </message>
    <message>
        <source>Register on a team server (PostgreSQL)</source>
        <translation>Register auf einem Teamserver (PostgreSQL)</translation>
    </message>
    <message>
        <source>The team server&apos;s URL</source>
        <translation>URL des Teamservers</translation>
    </message>
    <message>
        <source>Server &amp;URL:</source>
        <translation>Server-&amp;URL:</translation>
    </message>
    <message>
        <source>Te&amp;st connection</source>
        <translation>&amp;Verbindung testen</translation>
    </message>
    <message>
        <source>Test the connection to the register</source>
        <translation>Verbindung zum Register testen</translation>
    </message>
    <message>
        <source>Result of the connection test</source>
        <translation>Ergebnis des Verbindungstests</translation>
    </message>
    <message>
        <source>Enter the team server&apos;s URL, e.g. {example}.</source>
        <translation>Geben Sie die URL des Teamservers ein, z. B. {example}.</translation>
    </message>
    <message>
        <source>&apos;{url}&apos; is not a PostgreSQL server&apos;s URL: it starts with postgresql+psycopg://</source>
        <translation>„{url}“ ist keine URL eines PostgreSQL-Servers: Sie beginnt mit postgresql+psycopg://</translation>
    </message>
    <message>
        <source>&apos;{url}&apos; names no server or no database: expected postgresql+psycopg://USER@HOST/DATABASE</source>
        <translation>„{url}“ nennt keinen Server oder keine Datenbank: erwartet postgresql+psycopg://BENUTZER@HOST/DATENBANK</translation>
    </message>
    <message>
        <source>Connecting...</source>
        <translation>Verbindung wird hergestellt …</translation>
    </message>
    <message>
        <source>Connected: the register is at version {version}.</source>
        <translation>Verbunden: Das Register hat Version {version}.</translation>
    </message>
</context>
<context>
    <name>RegisterView</name>
    <message>
        <source>Search quotes</source>
        <translation>Angebote suchen</translation>
    </message>
    <message>
        <source>Number or customer</source>
        <translation>Nummer oder Kunde</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Any customer</source>
        <translation>Alle Kunden</translation>
    </message>
    <message>
        <source>Price book</source>
        <translation>Preisbuch</translation>
    </message>
    <message>
        <source>Created &amp;since:</source>
        <translation>&amp;Erstellt seit:</translation>
    </message>
    <message>
        <source>Only quotes created since a day</source>
        <translation>Nur Angebote, die ab einem bestimmten Tag erstellt wurden</translation>
    </message>
    <message>
        <source>Created since</source>
        <translation>Erstellt seit</translation>
    </message>
    <message>
        <source>Se&amp;arch:</source>
        <translation>&amp;Suche:</translation>
    </message>
    <message>
        <source>Sta&amp;tus:</source>
        <translation>Sta&amp;tus:</translation>
    </message>
    <message>
        <source>&amp;Customer:</source>
        <translation>&amp;Kunde:</translation>
    </message>
    <message>
        <source>&amp;Book:</source>
        <translation>Preisb&amp;uch:</translation>
    </message>
    <message>
        <source>Quotes</source>
        <translation>Angebote</translation>
    </message>
    <message>
        <source>Quotes shown</source>
        <translation>Angezeigte Angebote</translation>
    </message>
    <message>
        <source>&amp;Load more</source>
        <translation>&amp;Weitere laden</translation>
    </message>
    <message>
        <source>Load more quotes</source>
        <translation>Weitere Angebote laden</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Open the quote (Enter)</source>
        <translation>Angebot öffnen (Eingabetaste)</translation>
    </message>
    <message>
        <source>Rev&amp;ise</source>
        <translation>&amp;Überarbeiten</translation>
    </message>
    <message>
        <source>Make a new revision of the offer, priced today</source>
        <translation>Eine neue Fassung des Angebots anlegen, zu den heutigen Preisen</translation>
    </message>
    <message>
        <source>Acce&amp;pt</source>
        <translation>A&amp;nnehmen</translation>
    </message>
    <message>
        <source>Record that the customer accepted the offer</source>
        <translation>Festhalten, dass der Kunde das Angebot angenommen hat</translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation>Ab&amp;lehnen</translation>
    </message>
    <message>
        <source>Record that the customer declined the offer</source>
        <translation>Festhalten, dass der Kunde das Angebot abgelehnt hat</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>Dupli&amp;zieren</translation>
    </message>
    <message>
        <source>Copy the quote as a new draft, priced today</source>
        <translation>Das Angebot als neuen Entwurf kopieren, zu den heutigen Preisen</translation>
    </message>
    <message>
        <source>Save docu&amp;ment...</source>
        <translation>Doku&amp;ment speichern …</translation>
    </message>
    <message>
        <source>Save the issued PDF or DOCX</source>
        <translation>Das ausgestellte PDF oder DOCX speichern</translation>
    </message>
    <message>
        <source>Quote details</source>
        <translation>Angebotsdetails</translation>
    </message>
    <message>
        <source>Select a quote to see its lines and history.</source>
        <translation>Wählen Sie ein Angebot, um seine Positionen und seinen Verlauf zu sehen.</translation>
    </message>
    <message>
        <source>Save the quote&apos;s document</source>
        <translation>Dokument des Angebots speichern</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;Word document (*.docx)</source>
        <translation>PDF (*.pdf);;Word-Dokument (*.docx)</translation>
    </message>
    <message numerus="yes">
        <source>%n quote(s) shown, more to load</source>
        <translation>
            <numerusform>%n Angebot angezeigt, weitere können geladen werden</numerusform>
            <numerusform>%n Angebote angezeigt, weitere können geladen werden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n quote(s)</source>
        <translation>
            <numerusform>%n Angebot</numerusform>
            <numerusform>%n Angebote</numerusform>
        </translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>Status: {status}</translation>
    </message>
    <message>
        <source>Book: {id} {version}</source>
        <translation>Preisbuch: {id} {version}</translation>
    </message>
    <message>
        <source>Created: {day}</source>
        <translation>Erstellt: {day}</translation>
    </message>
    <message>
        <source>Issued: {day}</source>
        <translation>Ausgestellt: {day}</translation>
    </message>
    <message>
        <source>Valid until: {day}</source>
        <translation>Gültig bis: {day}</translation>
    </message>
    <message>
        <source>Decided: {day}</source>
        <translation>Entschieden: {day}</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Pos.</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Zwischensumme</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamtbetrag</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Accept {number}</source>
        <translation>{number} annehmen</translation>
    </message>
    <message>
        <source>Record that {customer} accepted {number}?</source>
        <translation>Festhalten, dass {customer} {number} angenommen hat?</translation>
    </message>
    <message>
        <source>Decline {number}</source>
        <translation>{number} ablehnen</translation>
    </message>
    <message>
        <source>Record that {customer} declined {number}?</source>
        <translation>Festhalten, dass {customer} {number} abgelehnt hat?</translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation>Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Duplicated {number}</source>
        <translation>{number} dupliziert</translation>
    </message>
    <message>
        <source>{copy} is a new draft copied from {original}, priced on {book} {version}.</source>
        <translation>{copy} ist ein neuer Entwurf, kopiert von {original}, mit den Preisen aus {book} {version}.</translation>
    </message>
    <message>
        <source>The original was priced on version {version}.</source>
        <translation>Das Original hatte die Preise aus Version {version}.</translation>
    </message>
    <message>
        <source>No price changed.</source>
        <translation>Kein Preis hat sich geändert.</translation>
    </message>
    <message>
        <source>Prices changed:</source>
        <translation>Geänderte Preise:</translation>
    </message>
    <message>
        <source>Line {line}, {service}: {before} → {after}</source>
        <translation>Position {line}, {service}: {before} → {after}</translation>
    </message>
    <message>
        <source>Total: {before} → {after}</source>
        <translation>Gesamtbetrag: {before} → {after}</translation>
    </message>
</context>
<context>
    <name>ServiceForm</name>
    <message>
        <source>Service to add</source>
        <translation>Hinzuzufügende Leistung</translation>
    </message>
    <message>
        <source>Choose a service in the list to add it</source>
        <translation>Wählen Sie eine Leistung in der Liste, um sie hinzuzufügen</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>Problem with this line</source>
        <translation>Problem mit dieser Position</translation>
    </message>
    <message>
        <source>&amp;Add line</source>
        <translation>Position hin&amp;zufügen</translation>
    </message>
    <message>
        <source>Add line</source>
        <translation>Position hinzufügen</translation>
    </message>
    <message>
        <source>Add {code}: {name}</source>
        <translation>{code} hinzufügen: {name}</translation>
    </message>
    <message>
        <source>Price: {price}</source>
        <translation>Preis: {price}</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Choose a release</source>
        <translation>Release wählen</translation>
    </message>
    <message>
        <source>Choose one</source>
        <translation>Bitte wählen</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Problem with {field}</source>
        <translation>Problem mit {field}</translation>
    </message>
    <message>
        <source>{minimum} to {maximum}, in units of: {unit}</source>
        <translation>{minimum} bis {maximum}, in der Einheit: {unit}</translation>
    </message>
    <message>
        <source>, in steps of {step}</source>
        <translation>, in Schritten von {step}</translation>
    </message>
    <message>
        <source>This is required.</source>
        <translation>Pflichtangabe.</translation>
    </message>
    <message>
        <source>a value</source>
        <translation>ein Wert</translation>
    </message>
    <message>
        <source>Choose a release.</source>
        <translation>Wählen Sie ein Release.</translation>
    </message>
    <message>
        <source>Choose one.</source>
        <translation>Bitte wählen Sie einen Eintrag.</translation>
    </message>
    <message>
        <source>Not a number: &apos;{text}&apos;.</source>
        <translation>Keine Zahl: „{text}“.</translation>
    </message>
    <message>
        <source>digits and a decimal point, such as 2.5, without thousands separators</source>
        <translation>Ziffern und ein Dezimalpunkt, etwa 2.5, ohne Tausendertrennzeichen</translation>
    </message>
    <message>
        <source>Expected: {expected}.</source>
        <translation>Erwartet: {expected}.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>You and your languages</source>
        <translation>Sie und Ihre Sprachen</translation>
    </message>
    <message>
        <source>Your name for the audit log</source>
        <translation>Ihr Name für das Änderungsprotokoll</translation>
    </message>
    <message>
        <source>The register&apos;s audit log records who did what; empty: your login name.</source>
        <translation>Das Änderungsprotokoll des Registers hält fest, wer was getan hat; leer: Ihr Anmeldename.</translation>
    </message>
    <message>
        <source>Language of quoter&apos;s windows</source>
        <translation>Sprache der Fenster von quoter</translation>
    </message>
    <message>
        <source>Takes effect the next time quoter starts.</source>
        <translation>Wirkt beim nächsten Start von quoter.</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Englisch</translation>
    </message>
    <message>
        <source>German</source>
        <translation>Deutsch</translation>
    </message>
    <message>
        <source>Language of new quotes&apos; documents</source>
        <translation>Sprache der Dokumente neuer Angebote</translation>
    </message>
    <message>
        <source>For new quotes and their contracts, where the price book has this language.</source>
        <translation>Für neue Angebote und ihre Verträge, sofern das Preisbuch diese Sprache enthält.</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>Ihr &amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Interface language:</source>
        <translation>&amp;Sprache der Oberfläche:</translation>
    </message>
    <message>
        <source>&amp;Document language:</source>
        <translation>&amp;Dokumentsprache:</translation>
    </message>
    <message>
        <source>Your data</source>
        <translation>Ihre Daten</translation>
    </message>
    <message>
        <source>Data folders, searched in this order</source>
        <translation>Datenordner, in dieser Reihenfolge durchsucht</translation>
    </message>
    <message>
        <source>Data &amp;folders:</source>
        <translation>Daten&amp;ordner:</translation>
    </message>
    <message>
        <source>&amp;Add...</source>
        <translation>&amp;Hinzufügen …</translation>
    </message>
    <message>
        <source>Add a data folder</source>
        <translation>Datenordner hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Remove the chosen data folder</source>
        <translation>Gewählten Datenordner entfernen</translation>
    </message>
    <message>
        <source>Your own price books, products, contract templates and resources, in folders laid out like the bundled data; searched before it.</source>
        <translation>Ihre eigenen Preisbücher, Produkte, Vertragsvorlagen und Ressourcen, in Ordnern aufgebaut wie die mitgelieferten Daten; sie werden vor diesen durchsucht.</translation>
    </message>
    <message>
        <source>{variable} is set: it overrides what is saved here.</source>
        <translation>{variable} ist gesetzt und hat Vorrang vor dem, was hier gespeichert wird.</translation>
    </message>
    <message>
        <source>Internal error ({kind}: {error}). This is a bug in quoter; please report it.</source>
        <translation>Interner Fehler ({kind}: {error}). Das ist ein Fehler in quoter; bitte melden Sie ihn.</translation>
    </message>
    <message>
        <source>Choose a data folder</source>
        <translation>Datenordner wählen</translation>
    </message>
    <message numerus="yes">
        <source>This folder does not exist: {folders}</source>
        <translation>
            <numerusform>Dieser Ordner existiert nicht: {folders}</numerusform>
            <numerusform>Diese Ordner existieren nicht: {folders}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Does</source>
        <translation>Funktion</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>VendorGroup</name>
    <message>
        <source>Vendor profile (read-only)</source>
        <translation>Anbieterprofil (nur lesbar)</translation>
    </message>
    <message>
        <source>Legal name:</source>
        <translation>Firmenname:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Anschrift:</translation>
    </message>
    <message>
        <source>Registration:</source>
        <translation>Registereintrag:</translation>
    </message>
    <message>
        <source>Tax id:</source>
        <translation>Steuer-Nr.:</translation>
    </message>
    <message>
        <source>Signatory:</source>
        <translation>Unterzeichner:</translation>
    </message>
    <message>
        <source>Reading the vendor profile...</source>
        <translation>Anbieterprofil wird gelesen …</translation>
    </message>
    <message>
        <source>Where the vendor profile comes from</source>
        <translation>Herkunft des Anbieterprofils</translation>
    </message>
    <message>
        <source>To change it, copy the bundled resources folder into one of your data folders and edit its vendor.toml: the first data folder with a resources/vendor.toml gives the vendor, its logo and standard terms.</source>
        <translation>Zum Ändern kopieren Sie den mitgelieferten Ordner resources in einen Ihrer Datenordner und bearbeiten dort die vendor.toml: Der erste Datenordner mit einer resources/vendor.toml bestimmt den Anbieter, sein Logo und seine AGB.</translation>
    </message>
    <message>
        <source>From the bundled example data: {path}</source>
        <translation>Aus den mitgelieferten Beispieldaten: {path}</translation>
    </message>
    <message>
        <source>From your data folder: {path}</source>
        <translation>Aus Ihrem Datenordner: {path}</translation>
    </message>
</context>
</TS>
