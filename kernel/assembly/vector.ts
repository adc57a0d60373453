// Placeholder: filled by its owner.
export const vector_ready: i32 = 0;
