// `workspace/executeCommand`: each command to its module; a failure that is not the caller's is logged
// with its stack and answered as an internal error that says which command failed.
import { ErrorCodes, ResponseError, type CancellationToken, type ExecuteCommandParams } from 'vscode-languageserver';
import { message, stack, type ServerLog } from '../log.js';
import { Commands } from '../protocol.js';

export type CommandHandler = (params: ExecuteCommandParams, token: CancellationToken) => unknown;

export function commandExecutor(log: ServerLog, handlers: Record<(typeof Commands)[keyof typeof Commands], CommandHandler>) {
  return async (params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> => {
    try {
      const handler = Object.hasOwn(handlers, params.command) ? handlers[params.command as keyof typeof handlers] : undefined;
      if (!handler) throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
      return await handler(params, token);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      log.error(`Command ${params.command} failed: ${stack(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `${params.command} failed: ${message(error)}`);
    }
  };
}
