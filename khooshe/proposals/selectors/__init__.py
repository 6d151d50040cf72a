"""Read side of proposals: permission-checked selectors and the suggested actors."""
