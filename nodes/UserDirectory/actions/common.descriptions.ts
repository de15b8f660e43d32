import { simplifyProperty as simplify } from '../../shared/helpers/descriptions';

export { limitProperty, returnAllProperty } from '../../shared/helpers/descriptions';

export const simplifyProperty = simplify(
	'the unified shape shared by all providers instead of the raw record exactly as the provider sent it',
);
