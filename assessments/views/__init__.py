"""Pages of 360 campaigns, the questionnaire, reports, action plans and their downloads."""
