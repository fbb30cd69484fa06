#include "interchange/DirectoryFile.h"

#include "core/JsonReader.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace htmse {

namespace {
QLatin1StringView k(const char* key)
{
    return QLatin1StringView(key);
}
} // namespace

DirectoryFileContents DirectoryFile::read(const QByteArray& bytes)
{
    DirectoryFileContents out;
    const auto root = parseJsonObject(bytes, out.problems, kMaxBytes);
    if (!root)
        return out;
    const JsonReader r(*root, QString(), out.problems);
    const QString format = r.string(k("format"), Presence::Required, 64);
    if (!format.isEmpty() && format != QLatin1StringView("htmse-directory")) {
        out.problems.add(QStringLiteral("format"),
                         QStringLiteral("%1 is not \"htmse-directory\"").arg(ValidationProblems::quote(format)));
        return out;
    }
    const auto version = r.integer(k("version"), 1, kVersion, Presence::Required);
    if (!version || format.isEmpty())
        return out;
    out.readable = true;
    for (auto it = root->constBegin(); it != root->constEnd(); ++it)
        if (it.key() != QLatin1StringView("organisations") && it.key() != QLatin1StringView("professionals"))
            out.header.insert(it.key(), it.value());

    constexpr qsizetype kMaxRecords = 10'000'000;
    const QJsonArray orgs = r.array(k("organisations"), Presence::Optional, kMaxRecords);
    out.organisations.reserve(orgs.size());
    for (qsizetype i = 0; i < orgs.size(); ++i) {
        const QString path = ValidationProblems::index(QStringLiteral("organisations"), i);
        if (!orgs.at(i).isObject()) {
            out.problems.add(path, QStringLiteral("must be an object, not %1").arg(jsonTypeName(orgs.at(i))));
            ++out.skipped;
            continue;
        }
        if (auto o = Organisation::fromJson(orgs.at(i).toObject(), out.problems, path))
            out.organisations.append(*std::move(o));
        else
            ++out.skipped;
    }
    const QJsonArray pros = r.array(k("professionals"), Presence::Optional, kMaxRecords);
    out.professionals.reserve(pros.size());
    for (qsizetype i = 0; i < pros.size(); ++i) {
        const QString path = ValidationProblems::index(QStringLiteral("professionals"), i);
        if (!pros.at(i).isObject()) {
            out.problems.add(path, QStringLiteral("must be an object, not %1").arg(jsonTypeName(pros.at(i))));
            ++out.skipped;
            continue;
        }
        if (auto p = Professional::fromJson(pros.at(i).toObject(), out.problems, path))
            out.professionals.append(*std::move(p));
        else
            ++out.skipped;
    }
    return out;
}

DirectoryFile::Writer::Writer(QIODevice* device)
    : m_device(device)
{}

void DirectoryFile::Writer::write(const QByteArray& bytes)
{
    if (!m_error.isEmpty())
        return;
    if (m_device->write(bytes) != bytes.size())
        m_error = m_device->errorString().isEmpty() ? QStringLiteral("write failed") : m_device->errorString();
}

void DirectoryFile::Writer::begin(const QJsonObject& header)
{
    Q_ASSERT(m_section == -1);
    QJsonObject h = header;
    h.insert(k("format"), QStringLiteral("htmse-directory"));
    h.insert(k("version"), kVersion);
    QByteArray head = QJsonDocument(h).toJson(QJsonDocument::Compact);
    head.chop(1); // drop the closing brace; the record arrays follow
    write(head);
    m_section = -1;
    openSection(0);
}

void DirectoryFile::Writer::openSection(int section)
{
    if (m_section == 0 || m_section == 1)
        write(QByteArrayLiteral("\n]"));
    if (section == 0)
        write(QByteArrayLiteral(",\n\"organisations\": ["));
    else if (section == 1)
        write(QByteArrayLiteral(",\n\"professionals\": ["));
    m_section = section;
    m_firstInSection = true;
}

void DirectoryFile::Writer::addOrganisation(const Organisation& organisation)
{
    Q_ASSERT(m_section == 0);
    write(m_firstInSection ? QByteArrayLiteral("\n") : QByteArrayLiteral(",\n"));
    write(QJsonDocument(organisation.toJson()).toJson(QJsonDocument::Compact));
    m_firstInSection = false;
}

void DirectoryFile::Writer::addProfessional(const Professional& professional)
{
    if (m_section == 0)
        openSection(1);
    Q_ASSERT(m_section == 1);
    write(m_firstInSection ? QByteArrayLiteral("\n") : QByteArrayLiteral(",\n"));
    write(QJsonDocument(professional.toJson()).toJson(QJsonDocument::Compact));
    m_firstInSection = false;
}

bool DirectoryFile::Writer::finish()
{
    if (m_section == 0)
        openSection(1);
    openSection(2);
    write(QByteArrayLiteral("\n}\n"));
    return m_error.isEmpty();
}

} // namespace htmse
