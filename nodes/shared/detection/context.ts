import type { IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import type { DirectoryProvider } from '../providers/types';
import { createTransport } from '../transport';
import type { Transport } from '../transport/types';
import { POLL_BUDGET_MS, type DetectionSettings } from './settings';

/** The trigger's poll or the Watch operation's run. */
export type DetectionContext = IPollFunctions | IExecuteFunctions;

export async function openTransport(
	context: DetectionContext,
	provider: DirectoryProvider,
	settings: DetectionSettings,
): Promise<Transport> {
	return await createTransport(context, provider, { timeoutMs: settings.timeoutMs, budgetMs: POLL_BUDGET_MS });
}
