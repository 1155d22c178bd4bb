package driver

// Placeholder is the image that replaces a screenshot that could not be
// masked.
var Placeholder = placeholder
