"""Pages of courses: the catalogue, a syllabus, a cohort's schedule."""
