"""Pure logic of the alignment app (no Django): suggester, evaluation, coverage, heat map, exports."""
