// Heap exports: the JS loader allocates tensors in linear memory through these.

// Returns a 16-byte aligned block (TLSF), growing memory when needed.
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}

// Replaces the env.abort import so the module needs no imports; traps carry no message.
export function abort(message: usize, fileName: usize, line: u32, column: u32): void {
  unreachable();
}
