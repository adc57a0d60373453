// The pipeline's input error: a user (or the console API) sent something malformed; the field and the problem are named, no stack trace is shown.

export class PipelineInputError extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(`${field} ${problem}`);
    this.name = 'PipelineInputError';
  }
}
