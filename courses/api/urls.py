"""API URLs of courses: /api/v1/courses/, frameworks/, cohorts/, sessions/."""

from rest_framework.routers import SimpleRouter

from courses.api import views as api

router = SimpleRouter()
router.register("courses", api.CourseViewSet, basename="course")
router.register("frameworks", api.FrameworkViewSet, basename="framework")
router.register("cohorts", api.CohortViewSet, basename="cohort")
router.register("sessions", api.SessionViewSet, basename="session")

urlpatterns = router.urls
