/** Base error of the catalog: every message names the rule that was broken. */
export class CatalogError extends Error {
  override name = 'CatalogError'
}

/** A catalog function got an argument outside its contract ("type must be one of bid, imp, click"). */
export class InvalidArgumentError extends CatalogError {
  override name = 'InvalidArgumentError'
}
