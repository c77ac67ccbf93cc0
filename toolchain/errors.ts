/** A build failure whose message is meant for the user as is (compiler output, file:line). */
export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}
