/**
 * A failure the user can fix (a malformed credential field, an impossible parameter), carrying
 * a hint that says how. Provider code throws it; node code turns it into a NodeOperationError.
 */
export class UserFacingError extends Error {
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
		this.name = 'UserFacingError';
	}
}
