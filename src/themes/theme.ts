/** Themes: named groups of comments, by the theme's words, an editor's choice, or fantdu's suggestion. */

export interface Theme {
  id: string;
  name: string;
  words: string[];
  builtin: boolean;
}

export type ThemeBy = 'words' | 'editor' | 'suggestion';

/** A comment's place in a theme, and what put it there. */
export interface ThemeMembership {
  id: string;
  by: ThemeBy;
}

export interface ThemeCount extends Theme {
  comments: number;
  no: number;
}
