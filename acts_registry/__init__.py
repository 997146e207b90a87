"""Register of judicial acts in force: publication, depersonalisation and search."""
