// Options for `cem analyze` (scripts/custom-elements.mjs). The analyzer writes
// its output path into package.json's "customElements" by default, which made
// `--check` (output in .cache/) point the published field at a file that is not
// shipped: the field is kept by hand instead, and the package check verifies it.
export default { packagejson: false };
