/**
 * Fault injection for batched writes: "one item refused". A test arms a refusal for the next element whose JSON
 * contains `match` (a document's reference); the provider's route then refuses that element with `message`, in the
 * provider's own per-item error shape (Xero ValidationErrors, QuickBooks a batch item Fault), while the other elements
 * of the same request are stored. Armed through the provider state or POST /__sandbox/state/refuse-item.
 */
interface ArmedRefusal {
  match: string;
  message: string;
  remaining: number;
}

export class ItemRefusals {
  private armed: ArmedRefusal[] = [];

  arm(spec: { match: string; message: string; times?: number }): void {
    if (!spec.match) throw new Error('a refusal needs the text of the element it refuses');
    this.armed.push({ match: spec.match, message: spec.message, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.armed = [];
  }

  /** The message refusing this element when a refusal is armed for it (one hit consumed), else undefined. */
  take(element: unknown): string | undefined {
    if (this.armed.length === 0) return undefined;
    const text = JSON.stringify(element) ?? '';
    const hit = this.armed.find((r) => text.includes(r.match));
    if (!hit) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.armed = this.armed.filter((r) => r !== hit);
    return hit.message;
  }
}
