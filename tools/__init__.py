"""The course's own machinery: building release/ and solutions/ from source/, and grading round trips.

Nothing here is needed by students; instructors and the tests use it.
"""
