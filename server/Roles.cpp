#include "server/Roles.h"

#include <array>
#include <utility>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

constexpr std::array kRoles{
    std::pair{Role::Caseworker, "caseworker"},     std::pair{Role::Legal, "legal"},
    std::pair{Role::OrgAdmin, "org-admin"},        std::pair{Role::DirectoryEditor, "directory-editor"},
    std::pair{Role::Professional, "professional"},
};

constexpr std::array kPermissions{
    std::pair{Permission::ReadDirectory, "read-directory"},
    std::pair{Permission::PushReferralEvents, "push-referral-events"},
    std::pair{Permission::ReadReferralEvents, "read-referral-events"},
    std::pair{Permission::ReadPublications, "read-publications"},
    std::pair{Permission::PublishPublications, "publish-publications"},
    std::pair{Permission::EditOwnProfile, "edit-own-profile"},
    std::pair{Permission::ReviewProfileEdits, "review-profile-edits"},
    std::pair{Permission::ManageOrganisationUsers, "manage-organisation-users"},
    std::pair{Permission::ManageAnswerLinks, "manage-answer-links"},
};

} // namespace

QString toWire(Role role)
{
    for (const auto& [r, name] : kRoles)
        if (r == role)
            return QString::fromLatin1(name);
    return {};
}

std::optional<Role> roleFromWire(QStringView wire)
{
    for (const auto& [r, name] : kRoles)
        if (wire == QLatin1StringView(name))
            return r;
    return std::nullopt;
}

QList<Role> allRoles()
{
    QList<Role> out;
    for (const auto& entry : kRoles)
        out.append(entry.first);
    return out;
}

QString toWire(Permission permission)
{
    for (const auto& [p, name] : kPermissions)
        if (p == permission)
            return QString::fromLatin1(name);
    return {};
}

QList<Permission> allPermissions()
{
    QList<Permission> out;
    for (const auto& entry : kPermissions)
        out.append(entry.first);
    return out;
}

bool isAllowed(Role role, Permission permission)
{
    // The matrix, one row per role. Everyone who signs in reads the directory and the
    // publications; referral data is for the referring roles, org admins (read-only, own
    // organisation) and professionals (referrals addressed to them).
    switch (permission) {
    case Permission::ReadDirectory:
    case Permission::ReadPublications:
        return true;
    case Permission::ManageAnswerLinks:
        return role == Role::Caseworker || role == Role::Legal;
    case Permission::PushReferralEvents:
        return role == Role::Caseworker || role == Role::Legal || role == Role::Professional;
    case Permission::ReadReferralEvents:
        return role == Role::Caseworker || role == Role::Legal || role == Role::OrgAdmin || role == Role::Professional;
    case Permission::PublishPublications:
    case Permission::ReviewProfileEdits:
        return role == Role::DirectoryEditor;
    case Permission::EditOwnProfile:
        return role == Role::Professional;
    case Permission::ManageOrganisationUsers:
        return role == Role::OrgAdmin;
    }
    return false;
}

} // namespace htmse::server
