"""The Terraform AWS provider's aws_security_group call sequence through boto3 (run by terraform-aws-security-group.test.ts).

Same steps, same configuration and same trace keys as the SDK replay in that file, which checks both traces alike.
Configuration comes from the environment as a user has it after `rampart serve`: AWS_SHARED_CREDENTIALS_FILE,
AWS_CONFIG_FILE (with endpoint_url) and AWS_PROFILE. Prints one JSON object.
"""
import json

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ec2 = boto3.client("ec2", config=Config(retries={"max_attempts": 1, "mode": "standard"}))


def plain(response):
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def outcome(call, **kwargs):
    try:
        return plain(call(**kwargs))
    except ClientError as e:
        return {"error": [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]}


def tcp(port):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}


vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
app_id = ec2.create_security_group(GroupName="tf-app", Description="Managed by Terraform", VpcId=vpc_id)["GroupId"]

create = plain(
    ec2.create_security_group(
        GroupName="tf-web",
        Description="Managed by Terraform",
        VpcId=vpc_id,
        TagSpecifications=[{"ResourceType": "security-group", "Tags": [{"Key": "Name", "Value": "tf-web"}]}],
    )
)
web_id = create["GroupId"]


def read():
    return ec2.describe_security_groups(GroupIds=[web_id])["SecurityGroups"][0]


wait_attempts = 0
created = None
while created is None and wait_attempts < 5:
    wait_attempts += 1
    r = outcome(ec2.describe_security_groups, GroupIds=[web_id])
    if "error" not in r:
        created = r["SecurityGroups"][0]

revoke_default = outcome(
    ec2.revoke_security_group_egress,
    GroupId=web_id,
    IpPermissions=[{"IpProtocol": "-1", "FromPort": 0, "ToPort": 0, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
)
revoke_default_v6 = outcome(
    ec2.revoke_security_group_egress,
    GroupId=web_id,
    IpPermissions=[{"IpProtocol": "-1", "FromPort": 0, "ToPort": 0, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}],
)
ingress = [
    {**tcp(443), "IpRanges": [{"CidrIp": "10.0.0.0/16", "Description": "https"}, {"CidrIp": "192.168.1.0/24", "Description": "https"}]},
    {**tcp(443), "Ipv6Ranges": [{"CidrIpv6": "::/0", "Description": "https v6"}]},
    {**tcp(22), "IpRanges": [{"CidrIp": "203.0.113.7/32", "Description": "ssh office"}]},
    {"IpProtocol": "-1", "FromPort": 0, "ToPort": 0, "UserIdGroupPairs": [{"GroupId": web_id, "Description": "self"}]},
    {"IpProtocol": "icmp", "FromPort": 8, "ToPort": 0, "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "ping"}]},
    {**tcp(5432), "UserIdGroupPairs": [{"GroupId": app_id, "Description": "from app"}]},
]
egress = [
    {"IpProtocol": "-1", "FromPort": 0, "ToPort": 0, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
    {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.0.0.2/32", "Description": "dns"}]},
]
authorize_ingress = outcome(ec2.authorize_security_group_ingress, GroupId=web_id, IpPermissions=ingress)
authorize_egress = outcome(ec2.authorize_security_group_egress, GroupId=web_id, IpPermissions=egress)
applied = read()
refreshed = read()


def ssh_rule_id():
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [web_id]}])["SecurityGroupRules"]
    return next((r["SecurityGroupRuleId"] for r in rules if r["FromPort"] == 22), "")


ssh_before = ssh_rule_id()
update_revoke = outcome(
    ec2.revoke_security_group_ingress,
    GroupId=web_id,
    IpPermissions=[{**tcp(443), "IpRanges": [{"CidrIp": "192.168.1.0/24", "Description": "https"}]}],
)
update_authorize = outcome(
    ec2.authorize_security_group_ingress,
    GroupId=web_id,
    IpPermissions=[{**tcp(443), "IpRanges": [{"CidrIp": "192.168.2.0/24", "Description": "https"}]}],
)
update_description = outcome(
    ec2.update_security_group_rule_descriptions_ingress,
    GroupId=web_id,
    IpPermissions=[{**tcp(22), "IpRanges": [{"CidrIp": "203.0.113.7/32", "Description": "ssh from the office"}]}],
)
updated = read()
ssh_after = ssh_rule_id()

lingering = outcome(ec2.describe_network_interfaces, Filters=[{"Name": "group-id", "Values": [app_id]}])
delete_app_attempt = outcome(ec2.delete_security_group, GroupId=app_id)
remove_reference = outcome(
    ec2.revoke_security_group_ingress,
    GroupId=web_id,
    IpPermissions=[{**tcp(5432), "UserIdGroupPairs": [{"GroupId": app_id, "Description": "from app"}]}],
)
delete_app_retry = outcome(ec2.delete_security_group, GroupId=app_id)
read_deleted_app = outcome(ec2.describe_security_groups, GroupIds=[app_id])
delete_web = outcome(ec2.delete_security_group, GroupId=web_id)
read_deleted_web = outcome(ec2.describe_security_groups, GroupIds=[web_id])

print(
    json.dumps(
        {
            "vpcId": vpc_id,
            "appId": app_id,
            "webId": web_id,
            "create": create,
            "waitAttempts": wait_attempts,
            "created": created or {},
            "revokeDefaultEgress": revoke_default,
            "revokeDefaultEgressV6": revoke_default_v6,
            "authorizeIngress": authorize_ingress,
            "authorizeEgress": authorize_egress,
            "applied": applied,
            "refreshed": refreshed,
            "sshRuleIdBefore": ssh_before,
            "updateRevoke": update_revoke,
            "updateAuthorize": update_authorize,
            "updateDescription": update_description,
            "updated": updated,
            "sshRuleIdAfter": ssh_after,
            "lingeringInterfaces": lingering,
            "deleteAppAttempt": delete_app_attempt,
            "removeReference": remove_reference,
            "deleteAppRetry": delete_app_retry,
            "readDeletedApp": read_deleted_app,
            "deleteWeb": delete_web,
            "readDeletedWeb": read_deleted_web,
        }
    )
)
