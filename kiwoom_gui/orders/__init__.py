"""The four credit orders as data: specs, validation, the summary line, where a copied number may go."""
