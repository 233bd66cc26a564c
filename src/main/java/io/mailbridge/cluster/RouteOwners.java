package io.mailbridge.cluster;

import io.mailbridge.store.StoreException;
import io.mailbridge.store.Sql;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The store's record of which instance polls each inbound route, shared by every instance. */
final class RouteOwners {

    private static final String FAILURE = "the cluster's route owners could not ";

    /** A route, its mailbox, the instance polling it and since when. */
    record Owner(String routeId, String mailboxId, String instanceId, Instant since) {
    }

    private final DataSource dataSource;

    RouteOwners(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** This instance polls the route from now on; whoever was recorded before (dead, or it let go) is replaced. */
    void claim(String routeId, String mailboxId, String instanceId, Instant now) {
        Timestamp since = Timestamp.from(now);
        String what = "record " + instanceId + " as polling route " + routeId;
        String update = "UPDATE cluster_route_owners SET mailbox = ?, instance_id = ?, since = ? WHERE route_id = ?";
        if (Sql.update(dataSource, FAILURE, what, update, mailboxId, instanceId, since, routeId) > 0) {
            return;
        }
        try {
            Sql.update(dataSource, FAILURE, what,
                    "INSERT INTO cluster_route_owners (route_id, mailbox, instance_id, since) VALUES (?, ?, ?, ?)",
                    routeId, mailboxId, instanceId, since);
        } catch (StoreException e) {
            if (!(e.getCause() instanceof java.sql.SQLException sql && Sql.isDuplicateKey(sql))) {
                throw e;
            }
            // another instance inserted the row between our two statements: the lock says the route is ours now
            Sql.update(dataSource, FAILURE, what, update, mailboxId, instanceId, since, routeId);
        }
    }

    /** This instance stopped polling the route; a row another instance wrote meanwhile stays. */
    void release(String routeId, String instanceId) {
        Sql.update(dataSource, FAILURE, "record that " + instanceId + " stopped polling route " + routeId,
                "DELETE FROM cluster_route_owners WHERE route_id = ? AND instance_id = ?", routeId, instanceId);
    }

    List<Owner> all() {
        List<Owner> owners = new ArrayList<>();
        Sql.query(dataSource, FAILURE, "be read", "SELECT route_id, mailbox, instance_id, since FROM cluster_route_owners "
                + "ORDER BY route_id", rs -> owners.add(new Owner(rs.getString(1), rs.getString(2), rs.getString(3),
                Sql.instant(rs.getTimestamp(4)))));
        return owners;
    }
}
