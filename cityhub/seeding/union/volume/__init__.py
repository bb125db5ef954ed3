"""The union's sample volume for `cityhub seed --scale N`: its stages, its targets (the
published figures they stand for) and the generated drivers' personal facts."""
