"""Dialog engines: intent classification, slot value resolution and the Lex V2 dialog manager."""
