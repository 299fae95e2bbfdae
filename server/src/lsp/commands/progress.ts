// Work-done progress for a long command (the scan, the probe).
import type { CancellationToken, ClientCapabilities, Connection, ExecuteCommandParams, WorkDoneProgressReporter } from 'vscode-languageserver';

export interface ProgressContext {
  connection: Pick<Connection, 'window'>;
  capabilities(): ClientCapabilities;
}

/**
 * The client's token when it sent one, else a server-created one where the client supports it.
 * Cancelling either (or the request) aborts `controller`.
 */
export async function startProgress(ctx: ProgressContext, params: ExecuteCommandParams, token: CancellationToken, controller: AbortController): Promise<WorkDoneProgressReporter> {
  token.onCancellationRequested(() => controller.abort());
  if (params.workDoneToken === undefined && ctx.capabilities().window?.workDoneProgress) {
    const serverProgress = await ctx.connection.window.createWorkDoneProgress();
    serverProgress.token.onCancellationRequested(() => controller.abort());
    return serverProgress;
  }
  return ctx.connection.window.attachWorkDoneProgress(params.workDoneToken);
}
