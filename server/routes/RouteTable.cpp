#include "server/routes/RouteTable.h"

#include "server/routes/AnswerLinkRoutes.h"
#include "server/routes/AuthRoutes.h"
#include "server/routes/DirectoryRoutes.h"
#include "server/routes/ProfileEditRoutes.h"
#include "server/routes/PublicationRoutes.h"
#include "server/routes/ReferralRoutes.h"
#include "server/routes/UserRoutes.h"

#include <QHttpServerRequest>

namespace htmse::server {

using namespace Qt::StringLiterals;

const QList<Route>& apiRoutes()
{
    constexpr int get = int(QHttpServerRequest::Method::Get);
    constexpr int post = int(QHttpServerRequest::Method::Post);
    constexpr int put = int(QHttpServerRequest::Method::Put);
    constexpr int del = int(QHttpServerRequest::Method::Delete);
    using enum Route::Access;
    using enum Permission;
    static const QList<Route> table{
        {u"/api/v1/auth/token"_s, post, Public, std::nullopt, &routes::issueToken},
        {u"/api/v1/auth/revoke"_s, post, SignedIn, std::nullopt, &routes::revokeToken},
        {u"/api/v1/me"_s, get, SignedIn, std::nullopt, &routes::me},
        {u"/api/v1/directory/changes"_s, get, SignedIn, ReadDirectory, &routes::directoryChanges},
        {u"/api/v1/referral-events"_s, get, SignedIn, ReadReferralEvents, &routes::referralEvents},
        {u"/api/v1/referral-events"_s, post, SignedIn, PushReferralEvents, &routes::pushReferralEvents},
        {u"/api/v1/news"_s, get, SignedIn, ReadPublications, &routes::listNews},
        {u"/api/v1/news"_s, post, SignedIn, PublishPublications, &routes::publishNews},
        {u"/api/v1/resources"_s, get, SignedIn, ReadPublications, &routes::listResources},
        {u"/api/v1/resources"_s, post, SignedIn, PublishPublications, &routes::publishResource},
        {u"/api/v1/profiles/me"_s, get, SignedIn, EditOwnProfile, &routes::ownProfile},
        {u"/api/v1/profiles/me"_s, post | put, SignedIn, EditOwnProfile, &routes::submitProfileEdit},
        {u"/api/v1/profile-edits"_s, get, SignedIn, ReviewProfileEdits, &routes::profileEdits},
        {u"/api/v1/profile-edits/<arg>/approve"_s, post, SignedIn, ReviewProfileEdits, &routes::approveProfileEdit},
        {u"/api/v1/profile-edits/<arg>/reject"_s, post, SignedIn, ReviewProfileEdits, &routes::rejectProfileEdit},
        {u"/api/v1/users"_s, get, SignedIn, ManageOrganisationUsers, &routes::listUsers},
        {u"/api/v1/users/<arg>/revoke"_s, post, SignedIn, ManageOrganisationUsers, &routes::revokeUserTokens},
        {u"/api/v1/users/<arg>/disable"_s, post, SignedIn, ManageOrganisationUsers, &routes::disableUser},
        {u"/api/v1/users/<arg>/enable"_s, post, SignedIn, ManageOrganisationUsers, &routes::enableUser},
        {u"/api/v1/answer-links"_s, post, SignedIn, ManageAnswerLinks, &routes::createAnswerLink},
        {u"/api/v1/answer-links"_s, del, SignedIn, ManageAnswerLinks, &routes::revokeAnswerLinksOfReferral},
        {u"/api/v1/answer-links/<arg>"_s, del, SignedIn, ManageAnswerLinks, &routes::revokeAnswerLink},
        // HTML, not JSON: the page a recipient outside the directory answers on.
        {u"/answer/<arg>"_s, get, Public, std::nullopt, &routes::answerPage},
        {u"/answer/<arg>"_s, post, Public, std::nullopt, &routes::submitAnswer},
    };
    return table;
}

} // namespace htmse::server
