export interface Tag {
  readonly key: string;
  readonly value: string;
}
