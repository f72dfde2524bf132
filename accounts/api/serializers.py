from rest_framework import serializers

from accounts.models import Membership, Organization, User


class MembershipSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="organization.slug")
    name = serializers.CharField(source="organization.name")
    kind = serializers.CharField(source="organization.kind")
    country = serializers.CharField(source="organization.country.code")

    class Meta:
        model = Membership
        fields = ["slug", "name", "kind", "country", "role"]


class MeSerializer(serializers.ModelSerializer):
    organization = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "role", "is_staff", "organization"]
        read_only_fields = fields

    def get_organization(self, user) -> MembershipSerializer(allow_null=True):
        membership = self.context.get("membership")
        return MembershipSerializer(membership).data if membership else None


class PublicUserSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = User
        fields = ["name"]


class OrganizationSummarySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Organization
        fields = ["slug", "name", "country"]
