#include "server/ServerCommandLine.h"

#include "app/common/ExitCodes.h"
#include "app/common/QuitOnSignal.h"
#include "app/common/SecretInput.h"
#include "demo/DemoDirectoryGenerator.h"
#include "demo/DemoPublications.h"
#include "htmse/Version.h"
#include "interchange/DirectoryBatcher.h"
#include "server/Auth.h"
#include "server/HttpService.h"
#include "server/JsonLog.h"
#include "server/ServerImport.h"
#include "server/routes/PublicationRoutes.h"
#include "server/store/DirectoryStoreSink.h"
#include "server/store/ServerStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QPointer>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QUrl>

#include <cstdio>
#include <memory>
#include <optional>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

void printOut(const QString& text)
{
    const QByteArray bytes = text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printError(const QString& text)
{
    const QByteArray bytes = "htmse-server: " + text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
}

const char* const kUsage = R"(Usage: htmse-server [--version] [--help] COMMAND [OPTIONS]

The HTMSE central directory and referral exchange.

Commands:
  serve   [STORE] [--listen 127.0.0.1:PORT] [--tls-cert FILE --tls-key FILE]
  migrate [STORE]
  create-org  [STORE] --name NAME
  create-user [STORE] --org NAME --user USER --role ROLE [--professional-id ID]
              (the password is read from standard input)
  disable-user | enable-user [STORE] --user USER
  set-password [STORE] --user USER   (the new password is read from standard input)
  import-hsds [STORE] PATH     an HSDS 3.0 CSV data package folder or JSON file
  import-csv  [STORE] FILE     a flat CSV of professionals (see docs/deployment.md)
  seed [STORE] --profiles N --seed S | seed --profiles N --seed S --out FILE
  seed-publications [STORE]    publishes the demo news and resources (marked as demo content)

STORE is --data-dir DIR (an embedded SQLite file, the zero-setup default: ./data) or
--database postgresql://USER@HOST:PORT/NAME (production; the password comes from
PGPASSWORD or ~/.pgpass; a host that is not this machine is reached over verified TLS,
sslmode=verify-full unless ?sslmode=verify-ca, with ?sslrootcert=FILE). Roles: caseworker, legal, org-admin, directory-editor,
professional.

serve options: --max-body-bytes N, --request-timeout-seconds N, --idle-timeout-seconds N,
--max-connections N, --max-connections-per-address N (default 64), --rate-limit-ip N, --rate-limit-token N (requests per second,
0 = off), --rate-limit-sign-in N (password sign-ins per minute per address, default 60,
0 = off), --access-token-seconds N, --refresh-token-days N, --refresh-grace-seconds N,
--sign-in-lifetime-days N (default 30: a sign-in then needs the password again),
--workers N, --metrics loopback|any|off, --answer-link-days N (default 14) and
--answer-link-max-days N (default 30) for one-time answer links, --rate-limit-answer N (answer
page requests per minute per address, default 30, 0 = off), --public-url URL (the base of the
answer links' URLs; default: the address the creating client used).
Every option can also come from the environment (HTMSE_SERVER_LISTEN,
HTMSE_SERVER_DATABASE, ...) or from an INI file given by --config FILE or
HTMSE_SERVER_CONFIG; the command line wins, then the environment, then the file.
)";

struct Listen
{
    QHostAddress address;
    quint16 port = 0;
    bool ok = false;
};

// "127.0.0.1:8470", "[::1]:8470", "localhost:0"
Listen parseListen(const QString& text)
{
    Listen out;
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return out;
    QString host = text.left(colon);
    bool portOk = false;
    const uint port = text.mid(colon + 1).toUInt(&portOk);
    if (!portOk || port > 65535)
        return out;
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (host == "localhost"_L1)
        out.address = QHostAddress(QHostAddress::LocalHost);
    else if (!out.address.setAddress(host))
        return out;
    out.port = quint16(port);
    out.ok = true;
    return out;
}

// Settings come from the command line, then the environment (HTMSE_SERVER_<NAME>), then the
// configuration file (--config FILE, or HTMSE_SERVER_CONFIG), then the defaults.
class Settings
{
public:
    Settings(const QCommandLineParser& parser, QString* error)
        : m_parser(parser)
    {
        QString file = parser.value(u"config"_s);
        if (file.isEmpty())
            file = qEnvironmentVariable("HTMSE_SERVER_CONFIG");
        if (!file.isEmpty()) {
            if (!QFileInfo(file).isReadable()) {
                *error = u"cannot read the configuration file %1"_s.arg(file);
                return;
            }
            m_file = std::make_unique<QSettings>(file, QSettings::IniFormat);
            if (m_file->status() != QSettings::NoError)
                *error = u"the configuration file %1 is malformed"_s.arg(file);
        }
    }

    bool isSet(const QString& name) const { return !value(name).isEmpty(); }

    QString value(const QString& name, const QString& fallback = {}) const
    {
        if (m_parser.isSet(name))
            return m_parser.value(name);
        const QByteArray env = "HTMSE_SERVER_" + name.toUpper().replace(u'-', u'_').toLatin1();
        if (qEnvironmentVariableIsSet(env.constData()))
            return qEnvironmentVariable(env.constData());
        if (m_file && m_file->contains(name))
            return m_file->value(name).toString();
        return fallback;
    }

    // A number in [min, max]; records a problem in *error otherwise.
    double number(const QString& name, double fallback, double min, double max, QString* error) const
    {
        const QString text = value(name);
        if (text.isEmpty())
            return fallback;
        bool ok = false;
        const double v = text.toDouble(&ok);
        if (!ok || v < min || v > max) {
            *error = u"%1 must be a number from %2 to %3"_s.arg(name).arg(min).arg(max);
            return fallback;
        }
        return v;
    }

private:
    const QCommandLineParser& m_parser;
    std::unique_ptr<QSettings> m_file;
};

// The store options: --data-dir DIR or --database URL (exactly one; --data-dir ./data by default).
bool parseStore(const Settings& settings, StoreConfig* store, QString* error)
{
    const bool dataDir = settings.isSet(u"data-dir"_s);
    const bool database = settings.isSet(u"database"_s);
    if (dataDir && database) {
        *error = u"give either --data-dir or --database, not both"_s;
        return false;
    }
    if (database) {
        auto config = StoreConfig::fromDatabaseUrl(QUrl(settings.value(u"database"_s), QUrl::StrictMode), error);
        if (!config)
            return false;
        *store = std::move(*config);
        return true;
    }
    store->kind = StoreConfig::Kind::Sqlite;
    store->dataDir = QDir(settings.value(u"data-dir"_s, u"data"_s)).absolutePath();
    return true;
}

std::optional<QSslConfiguration> tlsConfiguration(const Settings& settings, QString* error)
{
    const QString certPath = settings.value(u"tls-cert"_s);
    const QString keyPath = settings.value(u"tls-key"_s);
    if (certPath.isEmpty() && keyPath.isEmpty())
        return std::nullopt;
    if (certPath.isEmpty() || keyPath.isEmpty()) {
        *error = u"--tls-cert and --tls-key go together"_s;
        return std::nullopt;
    }
    QFile certFile(certPath);
    QFile keyFile(keyPath);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1"_s.arg(certFile.isOpen() ? keyPath : certPath);
        return std::nullopt;
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    const QByteArray keyBytes = keyFile.readAll();
    QSslKey key(keyBytes, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyBytes, QSsl::Rsa, QSsl::Pem);
    if (chain.isEmpty() || key.isNull()) {
        *error = chain.isEmpty() ? u"%1 holds no PEM certificate"_s.arg(certPath)
                                 : u"%1 holds no unencrypted PEM EC or RSA private key"_s.arg(keyPath);
        return std::nullopt;
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return tls;
}

int serve(const Settings& settings, const StoreConfig& config)
{
    const QString listenText = settings.value(u"listen"_s, u"127.0.0.1:8470"_s);
    const Listen listen = parseListen(listenText);
    if (!listen.ok) {
        printError(u"--listen must be HOST:PORT, e.g. 127.0.0.1:8470"_s);
        return exitcode::kUsage;
    }
    QString error;
    const auto tls = tlsConfiguration(settings, &error);
    ServiceOptions options;
    options.limits.maxBodyBytes =
        qint64(settings.number(u"max-body-bytes"_s, double(options.limits.maxBodyBytes), 1024, 1 << 30, &error));
    options.limits.requestTimeoutMs = int(
        settings.number(u"request-timeout-seconds"_s, options.limits.requestTimeoutMs / 1000, 1, 3600, &error) * 1000);
    options.limits.idleTimeoutMs =
        int(settings.number(u"idle-timeout-seconds"_s, options.limits.idleTimeoutMs / 1000, 1, 86'400, &error) * 1000);
    options.limits.maxConnections =
        int(settings.number(u"max-connections"_s, options.limits.maxConnections, 1, 1'000'000, &error));
    options.limits.maxConnectionsPerAddress = int(settings.number(
        u"max-connections-per-address"_s, options.limits.maxConnectionsPerAddress, 1, 1'000'000, &error));
    options.ipRequestsPerSecond = settings.number(u"rate-limit-ip"_s, options.ipRequestsPerSecond, 0, 1e6, &error);
    options.ipBurst = std::max(1.0, options.ipRequestsPerSecond * 2);
    options.tokenRequestsPerSecond =
        settings.number(u"rate-limit-token"_s, options.tokenRequestsPerSecond, 0, 1e6, &error);
    options.tokenBurst = std::max(1.0, options.tokenRequestsPerSecond * 4);
    options.signInPerMinute = settings.number(u"rate-limit-sign-in"_s, options.signInPerMinute, 0, 1e6, &error);
    options.accessTokenSeconds =
        int(settings.number(u"access-token-seconds"_s, options.accessTokenSeconds, 1, 86'400, &error));
    options.refreshTokenDays = int(settings.number(u"refresh-token-days"_s, options.refreshTokenDays, 1, 365, &error));
    // Fractions of a day are allowed (tests end a sign-in within seconds).
    options.signInLifetimeDays =
        settings.number(u"sign-in-lifetime-days"_s, options.signInLifetimeDays, 0.00001, 365, &error);
    options.refreshGraceSeconds =
        int(settings.number(u"refresh-grace-seconds"_s, options.refreshGraceSeconds, 0, 300, &error));
    options.workerThreads = int(settings.number(u"workers"_s, options.workerThreads, 1, 256, &error));
    options.metricsAccess = settings.value(u"metrics"_s, options.metricsAccess);
    // Fractions of a day are allowed for the links' lifetime (tests let links expire in seconds).
    options.answerLinkMaxDays =
        settings.number(u"answer-link-max-days"_s, options.answerLinkMaxDays, 0.00001, 365, &error);
    options.answerLinkDays = settings.number(u"answer-link-days"_s, options.answerLinkDays, 0.00001, 365, &error);
    if (options.answerLinkDays > options.answerLinkMaxDays)
        error = u"--answer-link-days cannot be more than --answer-link-max-days"_s;
    options.answerPagePerMinute = settings.number(u"rate-limit-answer"_s, options.answerPagePerMinute, 0, 1e6, &error);
    options.publicUrl = settings.value(u"public-url"_s);
    if (!options.publicUrl.isEmpty()) {
        const QUrl url(options.publicUrl, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != "https"_L1 && url.scheme() != "http"_L1) || url.host().isEmpty() ||
            url.hasQuery() || url.hasFragment())
            error = u"--public-url must be an http(s) URL such as https://htmse.example.org"_s;
        while (options.publicUrl.endsWith(u'/'))
            options.publicUrl.chop(1);
    }
    if (!QStringList{u"loopback"_s, u"any"_s, u"off"_s}.contains(options.metricsAccess))
        error = u"--metrics must be loopback, any or off"_s;
    if (!error.isEmpty()) {
        printError(error);
        return exitcode::kUsage;
    }
    int rc = exitcode::kOk;
    // Serving migrates first (under an advisory lock on PostgreSQL), so the embedded default
    // needs no setup and instances that start together agree.
    const std::shared_ptr<ServerStore> store = openStore(config, true, &rc);
    if (!store)
        return rc;
    HttpService service(options, store);
    const quint16 port = service.listen(listen.address, listen.port, tls ? &*tls : nullptr);
    if (port == 0) {
        printError(u"cannot listen on %1: the port is in use or the address is not local"_s.arg(listenText));
        return exitcode::kNetwork;
    }
    // The handler outlives this function (it belongs to the application): it must not reach a
    // service that is gone.
    quitOnTerminationSignals([service = QPointer<HttpService>(&service)] {
        if (service)
            service->shutdown([] { QCoreApplication::quit(); });
        else
            QCoreApplication::quit();
    });
    const QString host = listen.address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + listen.address.toString() + u']'
                             : listen.address.toString();
    // Scripts and tests read this line to learn the port when --listen asked for port 0.
    printOut(u"htmse-server listening on %1://%2:%3"_s.arg(tls ? u"https"_s : u"http"_s, host).arg(port));
    logEvent(u"info"_s, u"server.started"_s,
             {{u"port"_s, int(port)}, {u"store"_s, config.kindName()}, {u"tls"_s, tls.has_value()}});
    const int result = QCoreApplication::exec();
    logEvent(u"info"_s, u"server.stopped"_s);
    return result;
}

int migrate(const StoreConfig& config)
{
    QString error;
    const std::unique_ptr<ServerStore> store = ServerStore::open(config, &error);
    if (!store) {
        printError(error);
        return exitcode::kNetwork;
    }
    StoreError storeError;
    const int before = store->schemaVersion(&storeError);
    QStringList applied;
    if (before < 0 || !store->migrate(&applied, &storeError)) {
        printError(u"migrating %1 failed: %2"_s.arg(config.displayName(), storeError.message));
        return exitcode::kNetwork;
    }
    printOut(applied.isEmpty() ? u"%1 is up to date (schema version %2)"_s.arg(config.displayName()).arg(before)
                               : u"%1 migrated from schema version %2 to %3"_s.arg(config.displayName())
                                     .arg(before)
                                     .arg(ServerStore::latestSchemaVersion()));
    return exitcode::kOk;
}

int createOrg(const Settings& settings, const StoreConfig& config)
{
    const QString name = settings.value(u"name"_s).trimmed();
    if (name.isEmpty() || name.size() > 200) {
        printError(u"--name must be given (at most 200 characters)"_s);
        return exitcode::kUsage;
    }
    int rc = exitcode::kOk;
    const auto store = openStore(config, true, &rc);
    if (!store)
        return rc;
    StoreError error;
    const auto org = store->createOrganisation(name, &error);
    if (!org) {
        printError(error.message);
        return error.kind == StoreError::Kind::Conflict ? exitcode::kInvalidInput : exitcode::kNetwork;
    }
    printOut(u"created organisation \"%1\" (%2)"_s.arg(org->name, org->id.toString(QUuid::WithoutBraces)));
    return exitcode::kOk;
}

// From standard input without echo on a terminal, with no stdio buffer keeping a copy.
QByteArray readPasswordLine()
{
    const auto secret = readSecretLine(::fileno(stdin), "Password", stderr, 4096);
    return secret ? QByteArray(reinterpret_cast<const char*>(secret->data()), qsizetype(secret->size())) : QByteArray();
}

// A new account password from standard input: at least 12 characters, else *rc says why.
std::optional<QByteArray> readNewPassword(const QString& whose, int* rc)
{
    QByteArray password = readPasswordLine();
    if (password.size() < 12) {
        printError(u"give %1 (at least 12 characters) on standard input"_s.arg(whose));
        *rc = exitcode::kInvalidInput;
        return std::nullopt;
    }
    return password;
}

int createUser(const Settings& settings, const StoreConfig& config)
{
    const QString orgName = settings.value(u"org"_s).trimmed();
    const QString username = settings.value(u"user"_s).trimmed();
    const auto role = roleFromWire(settings.value(u"role"_s));
    static const QRegularExpression userPattern(u"^[A-Za-z0-9._@-]{2,100}$"_s);
    if (orgName.isEmpty() || !userPattern.match(username).hasMatch()) {
        printError(u"--org and --user are required; user names are 2-100 letters, digits or . _ @ -"_s);
        return exitcode::kUsage;
    }
    if (!role) {
        QStringList names;
        for (Role r : allRoles())
            names.append(toWire(r));
        printError(u"--role must be one of: %1"_s.arg(names.join(u", "_s)));
        return exitcode::kUsage;
    }
    const QUuid professionalId(settings.value(u"professional-id"_s));
    if (*role == Role::Professional && professionalId.isNull()) {
        printError(u"a professional account needs --professional-id (the id of their directory profile)"_s);
        return exitcode::kUsage;
    }
    if (*role != Role::Professional && settings.isSet(u"professional-id"_s)) {
        printError(u"--professional-id is only for the professional role"_s);
        return exitcode::kUsage;
    }
    int rc = exitcode::kOk;
    const auto password = readNewPassword(u"the user's password"_s, &rc);
    if (!password)
        return rc;
    const auto store = openStore(config, true, &rc);
    if (!store)
        return rc;
    StoreError error;
    const auto org = store->organisationByName(orgName, &error);
    if (!org) {
        printError(error ? error.message : u"no organisation named \"%1\"; create it with create-org"_s.arg(orgName));
        return error ? exitcode::kNetwork : exitcode::kNotFound;
    }
    if (!professionalId.isNull() && !store->directoryEntry(u"professional"_s, professionalId, &error)) {
        printError(error ? error.message
                         : u"no professional with the id %1 in the directory; import or seed it first"_s.arg(
                               professionalId.toString(QUuid::WithoutBraces)));
        return error ? exitcode::kNetwork : exitcode::kNotFound;
    }
    UserRecord user;
    user.organisationId = org->id;
    user.username = username;
    user.role = *role;
    user.professionalId = professionalId;
    user.passwordHash = auth::hashPassword(*password);
    if (user.passwordHash.isEmpty()) {
        printError(u"hashing the password failed (out of memory?)"_s);
        return exitcode::kNetwork;
    }
    const auto created = store->createUser(user, &error);
    if (!created) {
        printError(error.message);
        return error.kind == StoreError::Kind::Conflict ? exitcode::kInvalidInput : exitcode::kNetwork;
    }
    printOut(u"created %1 \"%2\" in \"%3\" (%4)"_s.arg(toWire(*role), username, org->name,
                                                       created->id.toString(QUuid::WithoutBraces)));
    return exitcode::kOk;
}

// disable-user, enable-user, set-password: an office admin's levers on one account.
int changeUser(const QString& command, const Settings& settings, const StoreConfig& config)
{
    const QString username = settings.value(u"user"_s).trimmed();
    if (username.isEmpty()) {
        printError(u"--user is required"_s);
        return exitcode::kUsage;
    }
    int rc = exitcode::kOk;
    std::optional<QByteArray> password;
    if (command == "set-password"_L1 && !(password = readNewPassword(u"the new password"_s, &rc)))
        return rc;
    const auto store = openStore(config, true, &rc);
    if (!store)
        return rc;
    StoreError error;
    const auto user = store->userByName(username, &error);
    if (!user) {
        printError(error ? error.message : u"no user named \"%1\""_s.arg(username));
        return error ? exitcode::kNetwork : exitcode::kNotFound;
    }
    bool ok = false;
    QString done;
    if (command == "set-password"_L1) {
        const QString hash = auth::hashPassword(*password);
        ok = !hash.isEmpty() && store->setPasswordHash(user->id, hash, &error);
        done = u"set a new password for \"%1\"; their sign-ins have ended"_s.arg(username);
    } else {
        const bool disable = command == "disable-user"_L1;
        ok = store->setUserDisabled(user->id, disable, UserRecord::DisabledBy::Operator, &error);
        done =
            disable ? u"disabled \"%1\"; their sign-ins have ended"_s.arg(username) : u"enabled \"%1\""_s.arg(username);
    }
    if (!ok) {
        printError(error ? error.message : u"hashing the password failed (out of memory?)"_s);
        return exitcode::kNetwork;
    }
    printOut(done);
    return exitcode::kOk;
}

int seed(const Settings& settings, const StoreConfig& config)
{
    bool countOk = false;
    bool seedOk = false;
    const qlonglong count = settings.value(u"profiles"_s).toLongLong(&countOk);
    const qulonglong seedValue = settings.value(u"seed"_s).toULongLong(&seedOk);
    if (!settings.isSet(u"profiles"_s) || !countOk || count < 0 || count > 10'000'000) {
        printError(u"--profiles must be a whole number from 0 to 10000000"_s);
        return exitcode::kUsage;
    }
    if (!settings.isSet(u"seed"_s) || !seedOk) {
        printError(u"--seed must be a whole number (the same seed gives the same directory)"_s);
        return exitcode::kUsage;
    }
    QElapsedTimer timer;
    timer.start();
    const DemoDirectoryGenerator generator(count, seedValue);
    if (!settings.isSet(u"out"_s)) {
        int rc = exitcode::kOk;
        const auto store = openStore(config, true, &rc);
        if (!store)
            return rc;
        DirectoryStoreSink sink(*store);
        DirectoryBatcher writer(sink);
        generator.generate([&](const Organisation& o) { writer.add(o); },
                           [&](const Professional& p) { writer.add(p); });
        const auto written = [&writer] { return writer.organisationsWritten() + writer.professionalsWritten(); };
        if (!writer.flush()) {
            printError(u"seeding stopped after %1 entries: %2"_s.arg(written()).arg(writer.error()));
            return exitcode::kNetwork;
        }
        printOut(u"seeded %1 demo profiles (seed %2, %3 directory entries) into %4 in %5 ms"_s.arg(count)
                     .arg(seedValue)
                     .arg(written())
                     .arg(config.displayName())
                     .arg(timer.elapsed()));
        return exitcode::kOk;
    }
    const QString out = settings.value(u"out"_s);
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly)) {
        printError(u"cannot write %1: %2"_s.arg(out, file.errorString()));
        return exitcode::kNetwork;
    }
    QString error;
    if (!generator.write(&file, &error) || !file.commit()) {
        file.cancelWriting();
        printError(
            u"writing %1 failed, nothing was written: %2"_s.arg(out, error.isEmpty() ? file.errorString() : error));
        return exitcode::kNetwork;
    }
    printOut(
        u"wrote %1 demo profiles (seed %2) to %3 in %4 ms"_s.arg(count).arg(seedValue).arg(out).arg(timer.elapsed()));
    return exitcode::kOk;
}

// The demo news items and resources (DemoPublications), published as a directory editor would;
// their ids are fixed, so a second run publishes new versions of the same items.
int seedPublications(const StoreConfig& config)
{
    int rc = exitcode::kOk;
    const auto store = openStore(config, true, &rc);
    if (!store)
        return rc;
    int published = 0;
    for (const auto& [stream, items] :
         {std::pair{u"news"_s, DemoPublications::news()}, std::pair{u"resources"_s, DemoPublications::resources()}}) {
        for (const QJsonValue& v : items) {
            ValidationProblems problems;
            QUuid id;
            const auto item =
                routes::readPublication(stream, v.toObject(), u"htmse-server seed-publications"_s, &id, problems);
            if (!item) {
                printError(u"the demo %1 are not valid: %2"_s.arg(stream, problems.toStrings().join(u"; "_s)));
                return exitcode::kInvalidInput;
            }
            StoreError error;
            store->publish(stream, id, *item, &error);
            if (error) {
                printError(error.message);
                return exitcode::kNetwork;
            }
            ++published;
        }
    }
    if (published == 0) {
        printError(u"no demo publications are built into this server"_s);
        return exitcode::kInvalidInput;
    }
    printOut(u"published %1 demo news items and resources into %2"_s.arg(published).arg(config.displayName()));
    return exitcode::kOk;
}

} // namespace

// Opens the store; with `migrate`, brings its schema up to date, otherwise requires it to be.
std::shared_ptr<ServerStore> openStore(const StoreConfig& config, bool migrate, int* rc)
{
    QString error;
    std::shared_ptr<ServerStore> store = ServerStore::open(config, &error);
    if (!store) {
        printError(error);
        *rc = exitcode::kNetwork;
        return nullptr;
    }
    StoreError storeError;
    if (migrate) {
        QStringList applied;
        if (!store->migrate(&applied, &storeError)) {
            printError(u"migrating %1 failed: %2"_s.arg(config.displayName(), storeError.message));
            *rc = exitcode::kNetwork;
            return nullptr;
        }
        if (!applied.isEmpty())
            logEvent(u"info"_s, u"store.migrated"_s, {{u"applied"_s, applied.join(u',')}});
        return store;
    }
    const int version = store->schemaVersion(&storeError);
    if (version != ServerStore::latestSchemaVersion()) {
        printError(storeError ? storeError.message
                              : u"the store %1 has schema version %2, this server needs %3: run htmse-server migrate"_s
                                    .arg(config.displayName())
                                    .arg(version)
                                    .arg(ServerStore::latestSchemaVersion()));
        *rc = exitcode::kNetwork;
        return nullptr;
    }
    return store;
}

int runServerCommandLine(const QStringList& arguments)
{
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QCommandLineOption help(QStringList{u"h"_s, u"help"_s});
    const QCommandLineOption version(u"version"_s);
    p.addOptions(
        {help,
         version,
         {u"config"_s, u"configuration file (INI)"_s, u"FILE"_s},
         {u"data-dir"_s, u"embedded SQLite store directory"_s, u"DIR"_s},
         {u"database"_s, u"PostgreSQL URL"_s, u"URL"_s},
         {u"listen"_s, u"address to listen on"_s, u"HOST:PORT"_s},
         {u"tls-cert"_s, u"TLS certificate chain (PEM)"_s, u"FILE"_s},
         {u"tls-key"_s, u"TLS private key (PEM)"_s, u"FILE"_s},
         {u"max-body-bytes"_s, u"request body limit"_s, u"N"_s},
         {u"request-timeout-seconds"_s, u"time for a request to arrive whole"_s, u"N"_s},
         {u"idle-timeout-seconds"_s, u"idle connections are closed after this"_s, u"N"_s},
         {u"max-connections"_s, u"connections open at once"_s, u"N"_s},
         {u"max-connections-per-address"_s, u"connections open at once from one client address"_s, u"N"_s},
         {u"rate-limit-ip"_s, u"requests per second per client address (0 = off)"_s, u"N"_s},
         {u"rate-limit-token"_s, u"requests per second per sign-in (0 = off)"_s, u"N"_s},
         {u"sign-in-lifetime-days"_s,
          u"a sign-in ends this many days after the password was given, however often it is refreshed"_s, u"N"_s},
         {u"rate-limit-sign-in"_s, u"password sign-ins per minute per client address (0 = off)"_s, u"N"_s},
         {u"access-token-seconds"_s, u"access token lifetime"_s, u"N"_s},
         {u"refresh-token-days"_s, u"refresh token lifetime"_s, u"N"_s},
         {u"refresh-grace-seconds"_s, u"a refresh token reused within this is a retry"_s, u"N"_s},
         {u"workers"_s, u"database worker threads"_s, u"N"_s},
         {u"metrics"_s, u"who may read /metrics: loopback, any, off"_s, u"WHO"_s},
         {u"answer-link-days"_s, u"one-time answer links' lifetime"_s, u"N"_s},
         {u"answer-link-max-days"_s, u"the longest lifetime a link may ask for"_s, u"N"_s},
         {u"rate-limit-answer"_s, u"answer page requests per minute per client address (0 = off)"_s, u"N"_s},
         {u"public-url"_s, u"the base of the answer links' URLs"_s, u"URL"_s},
         {u"name"_s, u"organisation name"_s, u"NAME"_s},
         {u"org"_s, u"organisation name"_s, u"NAME"_s},
         {u"user"_s, u"user name"_s, u"USER"_s},
         {u"role"_s, u"role"_s, u"ROLE"_s},
         {u"professional-id"_s, u"directory profile id"_s, u"ID"_s},
         {u"profiles"_s, u"number of demo profiles"_s, u"N"_s},
         {u"seed"_s, u"generator seed"_s, u"S"_s},
         {u"out"_s, u"output file"_s, u"FILE"_s}});
    if (!p.parse(arguments)) {
        printError(p.errorText());
        return exitcode::kUsage;
    }
    if (p.isSet(version)) {
        printOut(u"htmse-server %1"_s.arg(QLatin1StringView(kVersion)));
        return exitcode::kOk;
    }
    const QStringList positional = p.positionalArguments();
    if (p.isSet(help) || positional.isEmpty()) {
        const QByteArray usage(kUsage);
        std::fwrite(usage.constData(), 1, size_t(usage.size()), p.isSet(help) ? stdout : stderr);
        return p.isSet(help) ? exitcode::kOk : exitcode::kUsage;
    }
    const QString command = positional.first();
    QString error;
    const Settings settings(p, &error);
    StoreConfig store;
    if (!error.isEmpty() || !parseStore(settings, &store, &error)) {
        printError(error);
        return exitcode::kUsage;
    }
    const auto expectArguments = [&](qsizetype n) {
        if (positional.size() == n)
            return true;
        printError(u"'%1' takes %2 argument(s); see htmse-server --help"_s.arg(command).arg(n - 1));
        return false;
    };
    if (command == "serve"_L1)
        return expectArguments(1) ? serve(settings, store) : exitcode::kUsage;
    if (command == "migrate"_L1)
        return expectArguments(1) ? migrate(store) : exitcode::kUsage;
    if (command == "create-org"_L1)
        return expectArguments(1) ? createOrg(settings, store) : exitcode::kUsage;
    if (command == "create-user"_L1)
        return expectArguments(1) ? createUser(settings, store) : exitcode::kUsage;
    if (command == "seed"_L1)
        return expectArguments(1) ? seed(settings, store) : exitcode::kUsage;
    if (command == "seed-publications"_L1)
        return expectArguments(1) ? seedPublications(store) : exitcode::kUsage;
    if (command == "disable-user"_L1 || command == "enable-user"_L1 || command == "set-password"_L1)
        return expectArguments(1) ? changeUser(command, settings, store) : exitcode::kUsage;
    if (command == "import-hsds"_L1 || command == "import-csv"_L1) {
        if (!expectArguments(2))
            return exitcode::kUsage;
        return command == "import-hsds"_L1 ? importHsds(positional.at(1), store) : importCsv(positional.at(1), store);
    }
    printError(u"unknown command '%1'; see htmse-server --help"_s.arg(command));
    return exitcode::kUsage;
}

} // namespace htmse::server
