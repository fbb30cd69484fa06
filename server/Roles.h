// Roles and the one role × permission matrix every endpoint is checked against. Data-level
// scoping (own organisation, referrals addressed to me) is applied by the store on top.
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace htmse::server {

enum class Role
{
    Caseworker,
    Legal,
    OrgAdmin,
    DirectoryEditor,
    Professional,
};

enum class Permission
{
    ReadDirectory,           // GET /directory/changes
    PushReferralEvents,      // POST /referral-events
    ReadReferralEvents,      // GET /referral-events
    ReadPublications,        // GET /news, /resources
    PublishPublications,     // POST /news, /resources
    EditOwnProfile,          // GET/POST/PUT /profiles/me
    ReviewProfileEdits,      // GET /profile-edits, POST /profile-edits/{id}/approve|reject
    ManageOrganisationUsers, // GET /users, POST /users/{id}/revoke (own organisation)
    ManageAnswerLinks,       // POST /answer-links, DELETE /answer-links/{id} (own organisation)
};

// Wire names: "caseworker", "legal", "org-admin", "directory-editor", "professional".
QString toWire(Role role);
std::optional<Role> roleFromWire(QStringView wire);
QList<Role> allRoles();
QString toWire(Permission permission);
QList<Permission> allPermissions();

bool isAllowed(Role role, Permission permission);

} // namespace htmse::server
