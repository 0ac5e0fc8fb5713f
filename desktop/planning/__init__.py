"""Evidence planning (design §13): risk assessment and monetary-unit sampling.

``risk`` and ``sampling`` are the pure core (numpy, no SQL, no Qt); ``populations`` builds
a sampling population from an engagement's frames; ``settings`` reads the factors from
``resources/planning.toml``; ``store`` keeps assessments, plans and results in the
engagement file, every write audited.
"""
