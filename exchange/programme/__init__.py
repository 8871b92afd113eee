"""The exchange programme: cultural agreements, the obligations they commit us to, and
how far each obligation is met year by year (fulfilment, from the balance rules)."""
