// Organisation: the body a professional works for or through (NGO, law firm, clinic, ...).
#pragma once

#include "core/Validation.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace htmse {

struct Organisation
{
    QUuid id;
    QString name;
    QString alternateName;
    QString kind; // Vocabulary::OrganisationKind
    QString description;
    QString website;
    QString email;
    QString phone;         // E.164
    QStringList countries; // ISO 3166-1 alpha-2, where it works
    QDateTime updatedAt;
    qint64 serverVersion = 0;

    QJsonObject toJson() const;
    static std::optional<Organisation> fromJson(const QJsonObject& object, ValidationProblems& problems,
                                                const QString& path = {});

    friend bool operator==(const Organisation&, const Organisation&) = default;
};

} // namespace htmse
