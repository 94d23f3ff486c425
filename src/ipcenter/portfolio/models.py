"""Tables of the portfolio capability (registered on ``Base.metadata`` for the migrations)."""
