"""What the data folders hold: price books, policies, products, wording and the contract kit,
found by one locator and read once per application context."""
