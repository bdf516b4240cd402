/**
 * The forms kit for server-rendered organiser pages: field specs, reading a posted
 * body into typed values, zod problems shown at their fields (aria-invalid,
 * aria-describedby, an error summary linking to them) and values kept on error.
 * Domain-free: components describe their fields and map values to their API inputs.
 */
export * from './fields';
export * from './values';
export * from './problems';
export * from './view';
export * from './coerce';
export * from './fields-raw';
export * from './page-forms';
