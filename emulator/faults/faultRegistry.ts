/**
 * The fault rules of one emulator instance. Request rules are tried in the order they were added:
 * a rule still letting its `afterCalls` through counts the request and lets later rules see it;
 * the first rule that applies wins and later rules do not see the request. `closed` rules take a
 * listener off the network for as long as any of them exists.
 */
import type { ListenerName } from '../http/requestContext';
import type { FaultRule, FaultView, Faults, RequestFaultRule } from './faultRule';
import { parseFaultRule } from './parseFaultRule';
import { pathMatches } from './pathPattern';

/** What the registry needs from a listener to take it off the network and back. */
export interface ListenerSwitch {
  /** Stops accepting connections and drops open ones; synchronous so `add()` can return an id. */
  suspend(): void;
  /** Listens on the same port again. */
  resume(): Promise<void>;
}

interface RegisteredRule {
  readonly id: string;
  readonly rule: FaultRule;
  matched: number;
  applied: number;
}

/** The fault chosen for a request. */
export interface AppliedFault {
  readonly id: string;
  readonly rule: RequestFaultRule;
}

const LISTENERS: readonly ListenerName[] = ['public', 'admin'];

function listenersOf(listener: FaultRule['listener']): readonly ListenerName[] {
  return listener === 'either' || listener === undefined ? LISTENERS : [listener];
}

function remaining(entry: RegisteredRule, rule: RequestFaultRule): number | null {
  return rule.times === undefined ? null : rule.times - entry.applied;
}

export class FaultRegistry implements Faults {
  private rules: RegisteredRule[] = [];
  private nextId = 1;
  private readonly suspended = new Set<ListenerName>();

  constructor(private readonly switches: Readonly<Record<ListenerName, ListenerSwitch>>) {}

  add(rule: FaultRule): string {
    const parsed = parseFaultRule(rule);
    const id = `fault-${this.nextId++}`;
    this.rules.push({ id, rule: parsed, matched: 0, applied: 0 });
    if (parsed.kind === 'closed') {
      for (const name of listenersOf(parsed.listener)) {
        if (this.suspended.has(name)) continue;
        this.suspended.add(name);
        this.switches[name].suspend();
      }
    }
    return id;
  }

  async remove(id: string): Promise<boolean> {
    const before = this.rules.length;
    this.rules = this.rules.filter((entry) => entry.id !== id);
    if (this.rules.length === before) return false;
    await this.reopen();
    return true;
  }

  async clear(): Promise<void> {
    this.rules = [];
    await this.reopen();
  }

  list(): FaultView[] {
    return this.rules.map((entry) => this.view(entry));
  }

  /** One rule's view, or `undefined` for an unknown id. */
  get(id: string): FaultView | undefined {
    const entry = this.rules.find((e) => e.id === id);
    return entry === undefined ? undefined : this.view(entry);
  }

  /**
   * Decides whether a request gets a fault, counting it against the rules it matches. `path` is
   * the routed path (admin: with the `/admin` prefix).
   */
  take(listener: ListenerName, method: string, path: string): AppliedFault | undefined {
    for (const entry of this.rules) {
      const rule = entry.rule;
      if (rule.kind === 'closed') continue;
      if (remaining(entry, rule) === 0) continue;
      if (!listenersOf(rule.listener).includes(listener)) continue;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (!pathMatches(rule.path ?? '*', listener, path)) continue;
      entry.matched += 1;
      if (entry.matched <= (rule.afterCalls ?? 0)) continue;
      entry.applied += 1;
      return { id: entry.id, rule };
    }
    return undefined;
  }

  private view(entry: RegisteredRule): FaultView {
    const rule = entry.rule;
    return structuredClone({
      id: entry.id,
      rule,
      matched: entry.matched,
      applied: entry.applied,
      remaining: rule.kind === 'closed' ? null : remaining(entry, rule),
    });
  }

  /** Listens again on every listener no remaining `closed` rule covers. */
  private async reopen(): Promise<void> {
    const stillClosed = new Set<ListenerName>();
    for (const { rule } of this.rules) {
      if (rule.kind === 'closed') for (const name of listenersOf(rule.listener)) stillClosed.add(name);
    }
    const reopening: Promise<void>[] = [];
    for (const name of [...this.suspended]) {
      if (stillClosed.has(name)) continue;
      this.suspended.delete(name);
      reopening.push(this.switches[name].resume());
    }
    await Promise.all(reopening);
  }
}
