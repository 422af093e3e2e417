/**
 * LiveRunError: the live run could not go on (a client lost the server for good, a server that
 * was meant to be empty was not). It is the tool failing on good input (exit 3), never a finding
 * about the server: findings are the checker's verdict.
 */
import { ToolError } from '../error-kinds.ts';

export class LiveRunError extends ToolError {
  constructor(message: string) {
    super(`live run: ${message}`);
    this.name = 'LiveRunError';
  }
}
