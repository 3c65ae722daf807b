/** A tiny typed event: `on` returns the function that stops listening. Cores use it instead of Node's EventEmitter so listeners are typed. */
export class Signal<T> {
  private listeners: ((value: T) => void)[] = [];

  on(listener: (value: T) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(value: T): void {
    for (const listener of this.listeners) listener(value);
  }
}
