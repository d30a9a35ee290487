"""The files of the ``test-speclite-rules`` root and what each must report."""

#: file -> every finding it must produce: (line, code, rule name); nothing else.
EXPECTED = {
    'clean.rst': set(),
    'clean-none.rst': set(),
    'gc101.rst': {(2, 'GC101', 'missing-field')},
    'gc102.rst': {(13, 'GC102', 'unknown-field')},
    'gc103.rst': {(15, 'GC103', 'duplicate-field')},
    'gc104.rst': {(13, 'GC104', 'empty-field')},
    # a link still holding template text is GC105's, not also GC110's
    'gc105.rst': {(13, 'GC105', 'placeholder-text'), (15, 'GC105', 'placeholder-text')},
    'gc106.rst': {(5, 'GC106', 'unknown-project')},
    'gc107.rst': {(5, 'GC107', 'project-mismatch')},
    'gc108.rst': {(12, 'GC108', 'unknown-impact')},  # the flag's own line
    'gc109.rst': {(11, 'GC109', 'prose-impacts')},
    'gc110.rst': {(13, 'GC110', 'malformed-link')},
    'gc111.rst': {(13, 'GC111', 'unsafe-link')},
    'gc114.rst': {(2, 'GC114', 'title-prefix')},
    'gc115.rst': {(11, 'GC115', 'broken-field')},
    'lite-specs.rst': {(53, 'GC112', 'missing-end-marker'),
                       (71, 'GC113', 'end-marker-mismatch'),
                       (83, 'GC113', 'end-marker-mismatch')},
    'value-lines.rst': {(13, 'GC108', 'unknown-impact'),
                        (16, 'GC110', 'malformed-link'),
                        (19, 'GC111', 'unsafe-link'),
                        (21, 'GC105', 'placeholder-text')},
    'directive.rst': {(15, 'GC101', 'missing-field'),
                      (21, 'GC108', 'unknown-impact')},
}
