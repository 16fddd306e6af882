"""Lambda: Python functions run locally from their deployment zip, inside the simulation."""
