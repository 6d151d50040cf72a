"""The proposals' panels on other apps' pages: a project's owner and implementer (on
governance's project page) and an organization's projects as implementer (on its registry
profile), with their milestones' on-time record."""

from __future__ import annotations

from khooshe.proposals import selectors


def project_award_panel(request, project) -> dict | None:
    """Shown on a project made from a proposal (the page's viewer already sees the project)."""
    if not project.source_proposal_id:
        return None
    return {"project": project, "award": selectors.award_of_project(project)}


def implementer_projects_panel(request, organization) -> dict | None:
    awards = [
        award for award in selectors.implementer_projects(organization) if award.project.is_public
    ]
    return {"awards": awards} if awards else None
