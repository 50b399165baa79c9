"""Pure functions that turn raw export values into the warehouse's canonical values."""
