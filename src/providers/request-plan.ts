/** A translated request body and the client settings it could not carry. */
export interface RequestPlan<Body> {
  body: Body;
  /** One sentence per dropped or changed setting; empty when everything was honoured. */
  warnings: string[];
}
