// Placeholder: filled by its owner.
export const topk_ready: i32 = 0;
