"""One module per AWS service: the operations the kit computes locally."""
