// The server's log (the client's output channel) and the user-facing reports: each distinct problem is
// shown once, logged every time. Request handlers log and answer null rather than fail.
import { MessageType, type Connection } from 'vscode-languageserver';

export interface ServerLog {
  info(text: string): void;
  error(text: string): void;
  /** Tells the user once per distinct problem (`key`); logs every time. */
  reportOnce(key: string, text: string, type?: MessageType): void;
  /** Forgets what was reported (settings changed: a problem that comes back is shown again). */
  forget(): void;
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function stack(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}

export function createLog(connection: Connection): ServerLog {
  const reported = new Set<string>();
  const error = (text: string) => connection.console.error(text);
  return {
    info: (text) => connection.console.log(text),
    error,
    reportOnce(key, text, type = MessageType.Error) {
      if (type === MessageType.Error) error(text);
      else connection.console.warn(text);
      if (reported.has(key)) return;
      reported.add(key);
      void connection.sendNotification('window/showMessage', { type, message: `imgproxy URL Lint: ${text}` });
    },
    forget: () => reported.clear(),
  };
}

/** A request handler that logs what it throws (`what` for <uri> failed: stack) and answers null. */
export function guarded<P extends { textDocument?: { uri: string } }, T, A extends unknown[]>(
  log: ServerLog,
  what: string,
  handler: (params: P, ...rest: A) => Promise<T | null>,
): (params: P, ...rest: A) => Promise<T | null> {
  return async (params, ...rest) => {
    try {
      return await handler(params, ...rest);
    } catch (error) {
      log.error(`${what} for ${params.textDocument?.uri} failed: ${stack(error)}`);
      return null;
    }
  };
}
