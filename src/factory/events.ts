// NEP-297 events, so indexers and wallets can follow what the factory creates.
import { near } from 'near-sdk-js';

export interface InstanceEvent {
  account_id: string;
  creator: string;
  deposit: string;
  global_contract_id: object;
  registry_fee?: string;
  reason?: string;
}

export function emitEvent(event: 'instance_created' | 'instance_creation_failed', data: InstanceEvent): void {
  near.log(`EVENT_JSON:${JSON.stringify({ standard: 'factory', version: '1.0.0', event, data: [data] })}`);
}
