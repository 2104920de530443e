import { expect } from 'vitest';
import { ConnectorError } from '../../jobs/connectors/types.ts';

/** Awaits a connector call that must fail, and returns its ConnectorError for further checks. */
export async function connectorFailure(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorError);
    return err as ConnectorError;
  }
  throw new Error('expected a ConnectorError, got a result');
}
