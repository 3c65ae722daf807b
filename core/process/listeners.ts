/** A list of listeners: `add` returns the function that removes one; `fire` calls each (a copy, so removal mid-fire is safe). */
export class Listeners<T> {
  private list: ((value: T) => void)[] = [];

  add(listener: (value: T) => void): () => void {
    this.list = [...this.list, listener];
    return () => (this.list = this.list.filter((l) => l !== listener));
  }

  fire(value: T): void {
    for (const listener of this.list) listener(value);
  }
}
