export type PortEventKind = 'write' | 'evict' | 'refused' | 'read' | 'clear';

/** One change to a port. `size` is the port's length right after the change. */
export interface PortEvent {
  kind: PortEventKind;
  port: number;
  time: number;
  size: number;
  /** write: the stored item; evict: the item pushed out; refused: the value tryWrite turned away; read: the item. */
  value?: unknown;
  /** clear: how many items were dropped. */
  cleared?: number;
  /** Who acted, when known: a script, an external process's tag, a user command. */
  actor?: string;
}

export type PortListener = (event: PortEvent) => void;
