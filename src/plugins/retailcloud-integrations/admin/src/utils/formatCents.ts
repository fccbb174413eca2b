/**
 * The admin's money formatter is the domain's (packages/domain/src/money-text.ts): integer cents as text with the
 * currency, without floating-point arithmetic (-123456, "USD" → "−USD 1,234.56").
 *
 * Imported by path, not as `@retailcloud/domain`: the plugin build leaves its dependencies to the app's admin bundler,
 * which cannot read the package's CommonJS build from a linked workspace package, and the package's entry pulls in
 * node-only modules. money-text.ts has no imports, so the plugin build bundles it into the admin code as it is.
 */
export { formatCents } from '../../../../../../packages/domain/src/money-text';
